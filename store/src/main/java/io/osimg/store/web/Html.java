package io.osimg.store.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The one escaping of the web pages: every text and attribute value goes through {@link #text}. */
public final class Html {

    private Html() {
    }

    /** Text or a quoted attribute value, escaped: {@code & < > " '}. Null is "". */
    public static String text(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /** A query parameter value or a path segment, percent-encoded (not yet HTML-escaped: pass it through {@link #text}). */
    public static String urlPart(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A store key as a URL path: each segment percent-encoded. */
    public static String keyPath(String key) {
        StringBuilder b = new StringBuilder();
        for (String segment : key.split("/", -1)) {
            b.append('/').append(urlPart(segment));
        }
        return b.toString();
    }
}
