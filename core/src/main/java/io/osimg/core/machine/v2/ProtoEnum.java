package io.osimg.core.machine.v2;

import java.util.Locale;

/**
 * An enum of metal-stack's API v2 as protobuf JSON/YAML spells it: by its full name ({@code NETWORK_TYPE_CHILD}).
 * Readers also take the {@code enum_string_value} ({@code child}) and the name without prefix; the zero value
 * ({@code *_UNSPECIFIED}) reads as null, as protobuf omits it.
 */
interface ProtoEnum {

    /** The full protobuf name, e.g. {@code NETWORK_TYPE_CHILD}. */
    String protoName();

    /** The {@code enum_string_value} option, e.g. {@code child}. */
    String stringValue();

    /**
     * The constant of {@code type} that {@code text} names, null for null, blank or the unspecified value.
     *
     * @throws IllegalArgumentException naming the field and the accepted names
     */
    static <E extends Enum<E> & ProtoEnum> E parse(Class<E> type, String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        for (E e : type.getEnumConstants()) {
            if (e.protoName().equals(t) || e.stringValue().equals(t) || e.name().equals(t.toUpperCase(Locale.ROOT)
                    .replace('-', '_'))) {
                return e;
            }
        }
        if (t.endsWith("_UNSPECIFIED")) {
            return null;
        }
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            names.append(names.isEmpty() ? "" : ", ").append(e.protoName());
        }
        throw new IllegalArgumentException(field + ": '" + text + "' is none of " + names);
    }
}
