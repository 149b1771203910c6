package io.osimg.core.machine.v2;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** metal-stack API v2 {@code IpProtocol} (IP protocol), written by its full protobuf name. */
public enum IpProtocol implements ProtoEnum {
    TCP("tcp"),
    UDP("udp");

    private final String stringValue;

    IpProtocol(String stringValue) {
        this.stringValue = stringValue;
    }

    @JsonValue
    @Override
    public String protoName() {
        return "IP_PROTOCOL_" + name();
    }

    @Override
    public String stringValue() {
        return stringValue;
    }

    /** Reads the full name, the string value or the bare name; the unspecified value is null. */
    @JsonCreator
    public static IpProtocol parse(String text) {
        return ProtoEnum.parse(IpProtocol.class, "IP protocol", text);
    }
}
