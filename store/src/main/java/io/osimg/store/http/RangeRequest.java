package io.osimg.store.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code Range} header against an object size (RFC 9110 section 14): ignored (absent, malformed, another unit
 * or too many ranges: serve the whole object), unsatisfiable (416), or satisfiable ranges, sorted and merged.
 *
 * <p>Ranges that overlap or touch are merged into one (RFC 9110 lets a server coalesce them), so a header that names
 * the same bytes many times ({@code bytes=0-,0-,...}) costs no more than naming them once. More than
 * {@link #MAX_PARTS} disjoint parts after merging, or more than {@link #MAX_SPECS} ranges in the header, are
 * ignored: the answer is the whole object once, {@code 200}.
 */
public sealed interface RangeRequest {

    /** Most ranges read from one header; more are ignored and the whole object is served. */
    int MAX_SPECS = 64;

    /** Most disjoint parts answered (after merging); more are ignored and the whole object is served. */
    int MAX_PARTS = 16;

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
        if (specs.length > MAX_SPECS) {
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
        if (ranges.isEmpty()) {
            return new Unsatisfiable();
        }
        List<ByteRange> merged = merged(ranges);
        return merged.size() > MAX_PARTS ? new Ignored() : new Ranges(merged);
    }

    /** The ranges sorted by first byte, those that overlap or touch joined into one. */
    private static List<ByteRange> merged(List<ByteRange> ranges) {
        ranges.sort(Comparator.comparingLong(ByteRange::first));
        List<ByteRange> merged = new ArrayList<>(ranges.size());
        ByteRange open = ranges.getFirst();
        for (ByteRange r : ranges.subList(1, ranges.size())) {
            if (r.first() <= open.last() + 1) {
                open = new ByteRange(open.first(), Math.max(open.last(), r.last()), open.size());
            } else {
                merged.add(open);
                open = r;
            }
        }
        merged.add(open);
        return merged;
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
