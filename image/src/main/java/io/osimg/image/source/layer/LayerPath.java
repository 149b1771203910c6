package io.osimg.image.source.layer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A name from a layer tar normalised to the key the flattener keeps it under: components joined by "/" without
 * a leading "./" or "/", "." and empty components dropped, bytes mapped one to one (ISO-8859-1) so any Linux name
 * survives. A ".." component is refused: a layer must not reach outside the root. The root itself is "".
 */
final class LayerPath {

    private LayerPath() { }

    static String key(byte[] raw, String layer, String what) throws LayerFormatException {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == '/') {
                int len = i - start;
                if (len == 2 && raw[start] == '.' && raw[start + 1] == '.') {
                    throw new LayerFormatException(layer + ": " + what + " " + display(raw)
                            + ": a '..' component escapes the root");
                }
                if (len > 0 && !(len == 1 && raw[start] == '.')) {
                    parts.add(new String(raw, start, len, StandardCharsets.ISO_8859_1));
                }
                start = i + 1;
            }
        }
        return String.join("/", parts);
    }

    /** The key's raw bytes. */
    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The directory holding {@code key}, "" for a name in the root. */
    static String parent(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** The last component of {@code key}. */
    static String leaf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** {@code key} for messages (UTF-8 decoded). */
    static String display(String key) {
        return display(bytes(key));
    }

    static String display(byte[] raw) {
        return new String(raw, StandardCharsets.UTF_8);
    }
}
