package io.osimg.store.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code Range} header against an object size (RFC 9110 section 14): ignored (absent, malformed, another unit
 * or too many ranges: serve the whole object), unsatisfiable (416), or satisfiable ranges in request order.
 */
public sealed interface RangeRequest {

    /** Most ranges honoured in one request; more are ignored and the whole object is served. */
    int MAX_RANGES = 64;

    /** Serve the whole object. */
    record Ignored() implements RangeRequest {
    }

    /** No range overlaps the object: 416. */
    record Unsatisfiable() implements RangeRequest {
    }

    /** One or more satisfiable ranges. */
    record Ranges(List<ByteRange> ranges) implements RangeRequest {
        public Ranges {
            ranges = List.copyOf(ranges);
            if (ranges.isEmpty()) {
                throw new IllegalArgumentException("a satisfiable range request needs at least one range");
            }
        }
    }

    static RangeRequest parse(String header, long size) {
        if (header == null) {
            return new Ignored();
        }
        String h = header.trim();
        if (!h.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
            return new Ignored();
        }
        String[] specs = h.substring("bytes=".length()).split(",", -1);
        if (specs.length > MAX_RANGES) {
            return new Ignored();
        }
        List<ByteRange> ranges = new ArrayList<>();
        for (String raw : specs) {
            String spec = raw.trim();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return new Ignored();
            }
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            try {
                if (a.isEmpty()) {
                    long suffix = digits(b);
                    if (suffix > 0 && size > 0) {
                        ranges.add(new ByteRange(Math.max(0, size - suffix), size - 1, size));
                    }
                } else {
                    long first = digits(a);
                    long last = b.isEmpty() ? Long.MAX_VALUE : digits(b);
                    if (last < first) {
                        return new Ignored();
                    }
                    if (first < size) {
                        ranges.add(new ByteRange(first, Math.min(last, size - 1), size));
                    }
                }
            } catch (NumberFormatException e) {
                return new Ignored();
            }
        }
        return ranges.isEmpty() ? new Unsatisfiable() : new Ranges(ranges);
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            throw new NumberFormatException("not a byte position: " + s);
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new NumberFormatException("not a byte position: " + s);
            }
        }
        return Long.parseLong(s);
    }
}
