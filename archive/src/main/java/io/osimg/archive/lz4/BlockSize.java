package io.osimg.archive.lz4;

/**
 * Maximum block size of an LZ4 frame (the "Block Maximum Size" field of the BD byte).
 * The encoder cuts its input into blocks of exactly this size (the last one may be shorter).
 */
public enum BlockSize {
    KB64(4, 64 * 1024),
    KB256(5, 256 * 1024),
    MB1(6, 1024 * 1024),
    MB4(7, 4 * 1024 * 1024);

    private final int id;
    private final int bytes;

    BlockSize(int id, int bytes) {
        this.id = id;
        this.bytes = bytes;
    }

    /** The maximum number of uncompressed bytes in one block. */
    public int bytes() {
        return bytes;
    }

    /** The 3-bit "Block Maximum Size" value written into the BD byte (4..7). */
    int id() {
        return id;
    }

    /** The block size for a BD id, or {@code null} if the id is not one of 4..7. */
    static BlockSize ofId(int id) {
        for (BlockSize size : values()) {
            if (size.id == id) {
                return size;
            }
        }
        return null;
    }
}
