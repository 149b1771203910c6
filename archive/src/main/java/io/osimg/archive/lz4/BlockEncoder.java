package io.osimg.archive.lz4;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Turns one block of input into its frame representation: the 4-byte size word, the block data
 * (compressed, or stored when compression does not make it smaller, as {@code lz4} does), and the
 * optional block checksum. Stateless and thread-safe; workers share one instance.
 *
 * <p>At the high-compression levels a block that the fast compressor cannot shrink at all is stored without
 * running the HC search, which costs as much on incompressible data (compressed files, firmware) as on text: about
 * 0.1 s of CPU per 4 MiB block at level 9. The probe costs about 0.1 ms per block (a 64 KiB sample with the fast
 * compressor; the whole block only when the sample does not compress). The rule, and what it changes in the output,
 * is at {@link #storesWithoutSearch}.
 */
final class BlockEncoder {

    /** The sample of a block the fast compressor tries first; blocks shorter than two samples are not probed. */
    static final int SAMPLE_BYTES = 64 * 1024;

    private final LZ4Compressor compressor;
    private final LZ4Compressor probe;
    private final boolean blockChecksum;
    private final int blockBytes;

    BlockEncoder(Lz4Options opts) {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = opts.highCompression() ? factory.highCompressor(opts.level()) : factory.fastCompressor();
        this.probe = opts.highCompression() ? factory.fastCompressor() : null;
        this.blockChecksum = opts.blockChecksum();
        this.blockBytes = opts.blockSize().bytes();
    }

    /** Size of the output buffer {@link #encode} needs. */
    int outputCapacity() {
        return 4 + Math.max(compressor.maxCompressedLength(blockBytes), blockBytes) + 4;
    }

    /** Encodes {@code in[0..len)} into {@code out} and returns the number of bytes of {@code out} to write. */
    int encode(byte[] in, int len, byte[] out) {
        int stored = storesWithoutSearch(in, len, out) ? len : compressor.compress(in, 0, len, out, 4, out.length - 8);
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

    /**
     * Whether a block is stored without the HC search: the fast compressor (in {@code scratch}, which {@link #encode}
     * overwrites afterwards) saves less than 1/1024 of it against literals only ({@code len + len/255}). HC usually
     * cannot make such a block smaller than itself either, so it would store it too. Not always: on the 185 blocks
     * of a 739 MiB Debian root, 9 pass the rule; HC stores 5 of them and shrinks 4 by 90-4,139 bytes, so the frame
     * is 7,401 bytes (0.0025 %) larger for 9 searches saved (0.84 s of CPU; the probes of all 185 blocks cost 0.02 s).
     * Blocks at a fast level, and short ones, are never probed. No fast-compressor rule can keep the output exactly
     * HC's: on that root two blocks with the same fast result (no match found at all) come out of HC as 90 bytes
     * smaller and as 5,543 bytes larger than themselves.
     */
    boolean storesWithoutSearch(byte[] in, int len, byte[] scratch) {
        if (probe == null || len < 2 * SAMPLE_BYTES) {
            return false;
        }
        int sample = probe.compress(in, 0, SAMPLE_BYTES, scratch, 4, scratch.length - 8);
        if (sample < SAMPLE_BYTES - SAMPLE_BYTES / 64) {
            return false; // the sample compresses: leave the block to HC without probing all of it
        }
        int whole = probe.compress(in, 0, len, scratch, 4, scratch.length - 8);
        return whole >= len + len / 255 - len / 1024;
    }
}
