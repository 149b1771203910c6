package io.osimg.core.packages;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Package URLs (purl): {@code pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS}, each part percent-encoded except the
 * unreserved characters {@code A-Z a-z 0-9 . - _ ~}, qualifiers sorted by key, empty ones left out.
 */
public final class PackageUrl {

    private PackageUrl() {
    }

    public static String of(String type, String namespace, String name, String version, Map<String, String> qualifiers) {
        StringBuilder b = new StringBuilder("pkg:").append(type).append('/');
        if (namespace != null && !namespace.isEmpty()) {
            b.append(encode(namespace)).append('/');
        }
        b.append(encode(name));
        if (version != null && !version.isEmpty()) {
            b.append('@').append(encode(version));
        }
        SortedMap<String, String> q = new TreeMap<>();
        qualifiers.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                q.put(k, v);
            }
        });
        char sep = '?';
        for (Map.Entry<String, String> e : q.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return b.toString();
    }

    /** The type of a purl ({@code deb} of {@code pkg:deb/...}), or "" when it is not one. */
    public static String typeOf(String purl) {
        if (purl == null || !purl.startsWith("pkg:")) {
            return "";
        }
        int slash = purl.indexOf('/', 4);
        return slash < 0 ? "" : purl.substring(4, slash);
    }

    /** A qualifier's decoded value, or "" when the purl has none of that key. */
    public static String qualifier(String purl, String key) {
        int q = purl.indexOf('?');
        if (q < 0) {
            return "";
        }
        String rest = purl.substring(q + 1);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        for (String kv : rest.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equalsIgnoreCase(key)) {
                return decode(kv.substring(eq + 1));
            }
        }
        return "";
    }

    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    static String decode(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int v = Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16);
                if (v >= 0) {
                    out[n++] = (byte) v;
                    i += 2;
                    continue;
                }
            }
            out[n++] = (byte) c;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
