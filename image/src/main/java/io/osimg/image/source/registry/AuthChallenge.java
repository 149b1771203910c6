package io.osimg.image.source.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code WWW-Authenticate} challenge: {@code Bearer realm="https://auth.example/token",service="registry",
 * scope="repository:metal/debian:pull"} or {@code Basic realm="..."}.
 *
 * @param scheme lower case, {@code bearer} or {@code basic}
 * @param params the parameters by lower-case name
 */
record AuthChallenge(String scheme, Map<String, String> params) {

    static AuthChallenge parse(String header) {
        if (header == null || header.isBlank()) {
            return new AuthChallenge("", Map.of());
        }
        String h = header.trim();
        int space = h.indexOf(' ');
        String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? h.length() : space + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            if (j < h.length() && h.charAt(j) == '"') {
                j++;
                while (j < h.length() && h.charAt(j) != '"') {
                    if (h.charAt(j) == '\\' && j + 1 < h.length()) {
                        j++;
                    }
                    value.append(h.charAt(j++));
                }
                j++;
            } else {
                while (j < h.length() && h.charAt(j) != ',') {
                    value.append(h.charAt(j++));
                }
            }
            params.put(name, value.toString().trim());
            i = j;
        }
        return new AuthChallenge(scheme, params);
    }
}
