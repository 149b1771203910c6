package io.osimg.core.machine.v2;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** metal-stack API v2 {@code NatType} (NAT type), written by its full protobuf name. */
public enum NatType implements ProtoEnum {
    NONE("none"),
    IPV4_MASQUERADE("ipv4-masq");

    private final String stringValue;

    NatType(String stringValue) {
        this.stringValue = stringValue;
    }

    @JsonValue
    @Override
    public String protoName() {
        return "NAT_TYPE_" + name();
    }

    @Override
    public String stringValue() {
        return stringValue;
    }

    /** Reads the full name, the string value or the bare name; the unspecified value is null. */
    @JsonCreator
    public static NatType parse(String text) {
        return ProtoEnum.parse(NatType.class, "NAT type", text);
    }
}
