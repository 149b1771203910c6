package io.osimg.core.machine.v2;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** metal-stack API v2 {@code NetworkType} (network type), written by its full protobuf name. */
public enum NetworkType implements ProtoEnum {
    EXTERNAL("external"),
    UNDERLAY("underlay"),
    SUPER("super"),
    SUPER_NAMESPACED("super-namespaced"),
    CHILD("child"),
    CHILD_SHARED("child-shared");

    private final String stringValue;

    NetworkType(String stringValue) {
        this.stringValue = stringValue;
    }

    @JsonValue
    @Override
    public String protoName() {
        return "NETWORK_TYPE_" + name();
    }

    @Override
    public String stringValue() {
        return stringValue;
    }

    /** Reads the full name, the string value or the bare name; the unspecified value is null. */
    @JsonCreator
    public static NetworkType parse(String text) {
        return ProtoEnum.parse(NetworkType.class, "network type", text);
    }
}
