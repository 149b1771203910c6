package io.osimg.archive.lz4;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Turns one block of input into its frame representation: the 4-byte size word, the block data
 * (compressed, or stored when compression does not make it smaller, as {@code lz4} does), and the
 * optional block checksum. Stateless and thread-safe; workers share one instance.
 */
final class BlockEncoder {

    private final LZ4Compressor compressor;
    private final boolean blockChecksum;
    private final int blockBytes;

    BlockEncoder(Lz4Options opts) {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = opts.highCompression() ? factory.highCompressor(opts.level()) : factory.fastCompressor();
        this.blockChecksum = opts.blockChecksum();
        this.blockBytes = opts.blockSize().bytes();
    }

    /** Size of the output buffer {@link #encode} needs. */
    int outputCapacity() {
        return 4 + Math.max(compressor.maxCompressedLength(blockBytes), blockBytes) + 4;
    }

    /** Encodes {@code in[0..len)} into {@code out} and returns the number of bytes of {@code out} to write. */
    int encode(byte[] in, int len, byte[] out) {
        int stored = compressor.compress(in, 0, len, out, 4, out.length - 8);
        int word = stored;
        if (stored >= len) {
            System.arraycopy(in, 0, out, 4, len);
            stored = len;
            word = len | FrameFormat.BLOCK_UNCOMPRESSED;
        }
        FrameFormat.putIntLe(out, 0, word);
        int end = 4 + stored;
        if (blockChecksum) {
            FrameFormat.putIntLe(out, end, FrameFormat.xxh32(out, 4, stored));
            end += 4;
        }
        return end;
    }
}
