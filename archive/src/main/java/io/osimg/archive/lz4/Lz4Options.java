package io.osimg.archive.lz4;

/**
 * Settings of the LZ4 frame encoder.
 *
 * <p>Levels follow the {@code lz4} command line: 1 and 2 use the fast compressor
 * ({@code LZ4_compress_default}, what {@code lz4 -1} does), 3 to 12 use the high-compression
 * compressor ({@code LZ4_compress_HC}) at that level, as {@code lz4 -3} .. {@code lz4 -12} do.
 * Blocks are always independent, so they can be compressed in parallel.
 *
 * @param level           compression level, 1..12
 * @param blockSize       maximum uncompressed bytes per block
 * @param contentChecksum whether to append an XXH32 of the whole content (lz4's default)
 * @param blockChecksum   whether to follow each block by an XXH32 of its stored bytes
 * @param threads         number of compression workers, at least 1 (1 compresses in the caller's thread)
 */
public record Lz4Options(int level, BlockSize blockSize, boolean contentChecksum, boolean blockChecksum, int threads) {

    /** Lowest level: the fast compressor. */
    public static final int MIN_LEVEL = 1;
    /** Levels from here on use the high-compression compressor. */
    public static final int MIN_HC_LEVEL = 3;
    /** Highest level (LZ4HC_CLEVEL_MAX). */
    public static final int MAX_LEVEL = 12;
    /** What metal-images and {@code lz4 -9} use. */
    public static final int DEFAULT_LEVEL = 9;

    public Lz4Options {
        if (level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("LZ4 level must be " + MIN_LEVEL + ".." + MAX_LEVEL + ", got " + level);
        }
        if (blockSize == null) {
            throw new IllegalArgumentException("LZ4 block size must not be null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("LZ4 encoder threads must be at least 1, got " + threads);
        }
    }

    /** Level 9 (HC), 4 MB blocks, content checksum, no block checksums, one worker per available processor. */
    public static Lz4Options defaults() {
        return new Lz4Options(DEFAULT_LEVEL, BlockSize.MB4, true, false, Runtime.getRuntime().availableProcessors());
    }

    public Lz4Options withLevel(int l) {
        return new Lz4Options(l, blockSize, contentChecksum, blockChecksum, threads);
    }

    public Lz4Options withBlockSize(BlockSize b) {
        return new Lz4Options(level, b, contentChecksum, blockChecksum, threads);
    }

    public Lz4Options withContentChecksum(boolean c) {
        return new Lz4Options(level, blockSize, c, blockChecksum, threads);
    }

    public Lz4Options withBlockChecksum(boolean c) {
        return new Lz4Options(level, blockSize, contentChecksum, c, threads);
    }

    public Lz4Options withThreads(int t) {
        return new Lz4Options(level, blockSize, contentChecksum, blockChecksum, t);
    }

    /** Whether this level uses the high-compression compressor. */
    public boolean highCompression() {
        return level >= MIN_HC_LEVEL;
    }
}
