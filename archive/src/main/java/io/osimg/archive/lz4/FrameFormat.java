package io.osimg.archive.lz4;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/** Constants and little helpers of the LZ4 frame format (LZ4 Frame Format Description 1.6.x). */
final class FrameFormat {

    static final int MAGIC = 0x184D2204;
    static final int LEGACY_MAGIC = 0x184C2102;
    static final int SKIPPABLE_MAGIC_MIN = 0x184D2A50;
    static final int SKIPPABLE_MAGIC_MASK = 0xFFFFFFF0;

    static final int FLG_VERSION_MASK = 0xC0;
    static final int FLG_VERSION_01 = 0x40;
    static final int FLG_BLOCK_INDEPENDENT = 0x20;
    static final int FLG_BLOCK_CHECKSUM = 0x10;
    static final int FLG_CONTENT_SIZE = 0x08;
    static final int FLG_CONTENT_CHECKSUM = 0x04;
    static final int FLG_RESERVED = 0x02;
    static final int FLG_DICT_ID = 0x01;
    static final int BD_RESERVED = 0x8F;

    /** High bit of a block size word: the block is stored uncompressed. */
    static final int BLOCK_UNCOMPRESSED = 0x80000000;
    /** Offset of the 8-byte content size field from the start of the frame (magic, FLG, BD). */
    static final int CONTENT_SIZE_OFFSET = 6;
    /** History a linked block may reference. */
    static final int WINDOW = 64 * 1024;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final XXHash32 XXH32 = XXHashFactory.fastestInstance().hash32();

    private FrameFormat() {
    }

    static int intLe(byte[] b, int off) {
        return (int) INT_LE.get(b, off);
    }

    static void putIntLe(byte[] b, int off, int v) {
        INT_LE.set(b, off, v);
    }

    static long longLe(byte[] b, int off) {
        return (long) LONG_LE.get(b, off);
    }

    static void putLongLe(byte[] b, int off, long v) {
        LONG_LE.set(b, off, v);
    }

    static int xxh32(byte[] b, int off, int len) {
        return XXH32.hash(b, off, len, 0);
    }

    /** The header checksum byte: second byte of XXH32 (seed 0) of the descriptor from FLG up to the checksum. */
    static int headerChecksum(byte[] b, int off, int len) {
        return (xxh32(b, off, len) >>> 8) & 0xFF;
    }

    /**
     * The frame header the encoder writes: magic, FLG (version 01, independent blocks), BD, the content size
     * if {@code contentSize >= 0}, and the header checksum.
     */
    static byte[] header(Lz4Options opts, long contentSize) {
        boolean withSize = contentSize >= 0;
        byte[] h = new byte[withSize ? 15 : 7];
        putIntLe(h, 0, MAGIC);
        int flg = FLG_VERSION_01 | FLG_BLOCK_INDEPENDENT;
        if (opts.blockChecksum()) {
            flg |= FLG_BLOCK_CHECKSUM;
        }
        if (withSize) {
            flg |= FLG_CONTENT_SIZE;
        }
        if (opts.contentChecksum()) {
            flg |= FLG_CONTENT_CHECKSUM;
        }
        h[4] = (byte) flg;
        h[5] = (byte) (opts.blockSize().id() << 4);
        if (withSize) {
            putLongLe(h, CONTENT_SIZE_OFFSET, contentSize);
        }
        h[h.length - 1] = (byte) headerChecksum(h, 4, h.length - 5);
        return h;
    }
}
