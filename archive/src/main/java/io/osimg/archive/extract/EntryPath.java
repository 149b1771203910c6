package io.osimg.archive.extract;

import io.osimg.archive.tar.TarEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A name from an untrusted archive split into the components it names below the extraction root. Empty
 * and "." components are dropped ({@code ./usr//bin} is {@code usr/bin}); no component is "..", none
 * holds a NUL or a "/", and the name is not absolute. No components at all means the root itself.
 *
 * @param components the directories and the final name, outermost first (arrays not to be changed)
 */
record EntryPath(List<byte[]> components) {

    /** Deeper nesting is refused: it is absurd in a root file system and would exhaust descriptors. */
    static final int MAX_DEPTH = 256;

    /**
     * Checks and splits {@code raw}.
     *
     * @param entry the entry's name, for the message
     * @param what  what {@code raw} is, for the message: {@code ""} for the entry's own name,
     *              {@code "hard link target x: "} for a link target
     * @throws UnsafeEntryException if the name is absolute, has a ".." component or a NUL, or nests too deep
     */
    static EntryPath parse(byte[] raw, String entry, String what) throws UnsafeEntryException {
        return parse(raw, null, entry, what);
    }

    /** {@link #parse(byte[], String, String)} for {@code entry}, whose name is only decoded for a message. */
    static EntryPath parse(byte[] raw, TarEntry entry, String what) throws UnsafeEntryException {
        return parse(raw, entry, null, what);
    }

    private static EntryPath parse(byte[] raw, TarEntry entry, String name, String what) throws UnsafeEntryException {
        if (raw.length > 0 && raw[0] == '/') {
            throw refused(entry, name, what + "absolute name; only names relative to the root are allowed");
        }
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i < raw.length && raw[i] == 0) {
                throw refused(entry, name, what + "NUL byte in the name");
            }
            if (i == raw.length || raw[i] == '/') {
                int len = i - start;
                boolean dot = len == 1 && raw[start] == '.';
                boolean dotDot = len == 2 && raw[start] == '.' && raw[start + 1] == '.';
                if (dotDot) {
                    throw refused(entry, name, what + "'..' component escapes the root");
                }
                if (len > 0 && !dot) {
                    parts.add(Arrays.copyOfRange(raw, start, i));
                }
                start = i + 1;
            }
        }
        if (parts.size() > MAX_DEPTH) {
            throw refused(entry, name, what + "nested " + parts.size() + " directories deep, more than "
                    + MAX_DEPTH + " is absurd");
        }
        return new EntryPath(List.copyOf(parts));
    }

    private static UnsafeEntryException refused(TarEntry entry, String name, String reason) {
        return new UnsafeEntryException(entry == null ? name : entry.name(), reason);
    }

    boolean isRoot() {
        return components.isEmpty();
    }

    /** The directories holding the final name (empty for a name directly in the root). */
    List<byte[]> parent() {
        return components.subList(0, components.size() - 1);
    }

    /** The final name. */
    byte[] leaf() {
        return components.getLast();
    }

    int depth() {
        return components.size();
    }

    /** A key equal for equal paths (raw bytes kept one to one). */
    String key() {
        return show(components, components.size());
    }

    /** The first {@code n} components joined by "/", bytes mapped one to one (ISO-8859-1), for keys. */
    static String show(List<byte[]> components, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append('/');
            }
            s.append(new String(components.get(i), StandardCharsets.ISO_8859_1));
        }
        return s.toString();
    }

    /** The first {@code n} components joined by "/", decoded as UTF-8, for messages. */
    static String display(List<byte[]> components, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append('/');
            }
            s.append(new String(components.get(i), StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryPath p && key().equals(p.key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return display(components, components.size());
    }
}
