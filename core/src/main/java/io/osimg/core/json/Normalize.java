package io.osimg.core.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Null handling shared by the model records, matching Go's zero values: a missing list is an empty list
 * (Go writes a nil slice as {@code []}), a missing Go {@code string} is {@code ""}. Copies are unmodifiable
 * and, unlike {@link List#copyOf}, tolerate null elements that a document may contain.
 */
public final class Normalize {

    private Normalize() {
    }

    /** An unmodifiable copy of {@code list}, empty when {@code list} is null. */
    public static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** An unmodifiable copy of {@code set} keeping its iteration order, empty when null. */
    public static <T> Set<T> set(Set<T> set) {
        return set == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(set));
    }

    /** An unmodifiable copy of {@code map} keeping its iteration order, empty when null. */
    public static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** {@code s}, or {@code ""} when null (a Go {@code string} field). */
    public static String string(String s) {
        return s == null ? "" : s;
    }

    /** True when {@code s} is null or blank. */
    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
