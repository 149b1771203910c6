package io.osimg.archive.lz4;

/**
 * An XXH32 checksum stored in an LZ4 frame (header, block or content checksum) does not match the data.
 * Carries both values.
 */
public final class Lz4ChecksumException extends Lz4FormatException {

    private final String checksum;
    private final long offset;
    private final int expected;
    private final int actual;

    Lz4ChecksumException(String checksum, long offset, int expected, int actual) {
        super(String.format("LZ4 %s mismatch at byte %d: frame stores 0x%08x, data hashes to 0x%08x",
                checksum, offset, expected, actual));
        this.checksum = checksum;
        this.offset = offset;
        this.expected = expected;
        this.actual = actual;
    }

    /** Which checksum failed: "header checksum", "block checksum" or "content checksum". */
    public String checksum() {
        return checksum;
    }

    /** Offset in the compressed input where the stored checksum is. */
    public long offset() {
        return offset;
    }

    /** The value stored in the frame. */
    public int expected() {
        return expected;
    }

    /** The value computed from the data. */
    public int actual() {
        return actual;
    }
}
