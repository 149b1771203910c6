package io.osimg.archive.lz4;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * LZ4 block decoder in Java that may reference history before the block (linked blocks, {@code lz4 -BD}).
 *
 * <p>It decodes into {@code dst} starting at {@code dstStart}; matches may reach back to {@code windowStart},
 * where the caller has placed up to 64 KB of the previous output. Every length and offset is checked against
 * the input, the output limit and the window, so corrupt input ends in a {@link Lz4FormatException}, never
 * in an index exception.
 */
final class BlockDecoder {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int MIN_MATCH = 4;
    /** Literal runs and matches up to this length are copied 8 bytes at a time when there is room. */
    private static final int WILD = 32;

    private BlockDecoder() {
    }

    /**
     * Decodes {@code src[srcOff..srcOff+srcLen)} into {@code dst} from {@code dstStart}, writing no byte at or
     * after {@code dstLimit}, and returns the number of bytes produced.
     *
     * @param at offset of the block in the compressed input, for messages
     */
    static int decode(byte[] src, int srcOff, int srcLen, byte[] dst, int windowStart, int dstStart, int dstLimit,
            long at) throws Lz4FormatException {
        int sp = srcOff;
        final int sEnd = srcOff + srcLen;
        int dp = dstStart;
        while (true) {
            if (sp >= sEnd) {
                throw corrupt(at, sp - srcOff, "block ends where a sequence token was expected");
            }
            final int token = src[sp++] & 0xFF;

            // literals
            int lit = token >>> 4;
            if (lit == 15) {
                int b;
                do {
                    if (sp >= sEnd) {
                        throw corrupt(at, sp - srcOff, "block ends inside a literal length");
                    }
                    b = src[sp++] & 0xFF;
                    lit += b;
                } while (b == 255 && lit < Integer.MAX_VALUE / 2);
            }
            if (lit <= WILD && sEnd - sp >= WILD + 8 && dstLimit - dp >= WILD + 8) {
                // wild copy of 16 or 32 bytes; may write up to 31 bytes past the literals, all inside the limit
                LONG.set(dst, dp, (long) LONG.get(src, sp));
                LONG.set(dst, dp + 8, (long) LONG.get(src, sp + 8));
                if (lit > 16) {
                    LONG.set(dst, dp + 16, (long) LONG.get(src, sp + 16));
                    LONG.set(dst, dp + 24, (long) LONG.get(src, sp + 24));
                }
            } else {
                if (lit > sEnd - sp) {
                    throw corrupt(at, sp - srcOff, lit + " literals announced, " + (sEnd - sp) + " bytes left");
                }
                if (lit > dstLimit - dp) {
                    throw corrupt(at, sp - srcOff, lit + " literals overflow the block's " + (dstLimit - dstStart)
                            + "-byte limit");
                }
                System.arraycopy(src, sp, dst, dp, lit);
            }
            sp += lit;
            dp += lit;
            if (sp == sEnd) {
                return dp - dstStart; // the last sequence has literals only
            }

            // match
            if (sEnd - sp < 2) {
                throw corrupt(at, sp - srcOff, "block ends inside a match offset");
            }
            final int offset = (src[sp] & 0xFF) | (src[sp + 1] & 0xFF) << 8;
            sp += 2;
            if (offset == 0 || offset > dp - windowStart) {
                throw corrupt(at, sp - 2 - srcOff, "match offset " + offset + " reaches before the "
                        + (dp - windowStart) + " bytes of history");
            }
            int len = token & 0x0F;
            if (len == 15) {
                int b;
                do {
                    if (sp >= sEnd) {
                        throw corrupt(at, sp - srcOff, "block ends inside a match length");
                    }
                    b = src[sp++] & 0xFF;
                    len += b;
                } while (b == 255 && len < Integer.MAX_VALUE / 2);
            }
            len += MIN_MATCH;
            final int ref = dp - offset;
            if (offset >= 8 && len <= WILD && dstLimit - dp >= WILD + 8) {
                // each 8-byte step reads only bytes already written, as offset >= 8
                LONG.set(dst, dp, (long) LONG.get(dst, ref));
                LONG.set(dst, dp + 8, (long) LONG.get(dst, ref + 8));
                if (len > 16) {
                    LONG.set(dst, dp + 16, (long) LONG.get(dst, ref + 16));
                    LONG.set(dst, dp + 24, (long) LONG.get(dst, ref + 24));
                }
                dp += len;
                continue;
            }
            if (len > dstLimit - dp) {
                throw corrupt(at, sp - srcOff, "match of " + len + " bytes overflows the block's "
                        + (dstLimit - dstStart) + "-byte limit");
            }
            if (offset >= len) {
                System.arraycopy(dst, ref, dst, dp, len);
            } else if (offset == 1) {
                Arrays.fill(dst, dp, dp + len, dst[ref]);
            } else {
                // overlapping match: the pattern repeats every `offset` bytes; copy in growing chunks
                int d = dp;
                int end = dp + len;
                while (d < end) {
                    int n = Math.min(end - d, d - ref);
                    System.arraycopy(dst, ref, dst, d, n);
                    d += n;
                }
            }
            dp += len;
        }
    }

    private static Lz4FormatException corrupt(long at, int within, String what) {
        return new Lz4FormatException("corrupt LZ4 block at byte " + at + " (+" + within + "): " + what);
    }
}
