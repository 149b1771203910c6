package io.osimg.store.http;

/** An inclusive byte range {@code first..last} of an object of {@code size} bytes. */
public record ByteRange(long first, long last, long size) {

    public ByteRange {
        if (first < 0 || last < first || last >= size) {
            throw new IllegalArgumentException("byte range " + first + "-" + last + " does not fit an object of " + size + " bytes");
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
