package io.osimg.core.machine.v2;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** metal-stack API v2 {@code AllocationType} (allocation type), written by its full protobuf name. */
public enum AllocationType implements ProtoEnum {
    MACHINE("machine"),
    FIREWALL("firewall");

    private final String stringValue;

    AllocationType(String stringValue) {
        this.stringValue = stringValue;
    }

    @JsonValue
    @Override
    public String protoName() {
        return "MACHINE_ALLOCATION_TYPE_" + name();
    }

    @Override
    public String stringValue() {
        return stringValue;
    }

    /** Reads the full name, the string value or the bare name; the unspecified value is null. */
    @JsonCreator
    public static AllocationType parse(String text) {
        return ProtoEnum.parse(AllocationType.class, "allocation type", text);
    }
}
