package io.osimg.transfer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code Content-Range: bytes first-last/total} header; total is -1 for {@code *}. */
record ContentRange(long first, long last, long total) {

    private static final Pattern FORM = Pattern.compile("\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*");

    /** @throws IllegalArgumentException if the header is not a satisfied byte range */
    static ContentRange parse(String header) {
        Matcher m = header == null ? null : FORM.matcher(header);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a byte Content-Range: " + header);
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        if (last < first || (total >= 0 && last >= total)) {
            throw new IllegalArgumentException("inconsistent Content-Range: " + header);
        }
        return new ContentRange(first, last, total);
    }
}
