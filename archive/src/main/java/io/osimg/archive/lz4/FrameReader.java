package io.osimg.archive.lz4;

import static io.osimg.archive.lz4.FrameFormat.WINDOW;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Decodes a stream of LZ4 frames (concatenated frames, skippable frames in between) one block at a time,
 * verifying the header, block and content checksums and the content size. Not thread-safe: one thread
 * drives it, and that thread must {@link #close()} it.
 *
 * <p>Each decoded block lands at {@link FrameFormat#WINDOW} of a buffer the caller provides; the bytes
 * before it are scratch space for the 64 KB history linked blocks refer to.
 */
final class FrameReader implements Closeable {

    /** Provides the buffer a block is decoded into. */
    @FunctionalInterface
    interface BufferSource {
        /** A buffer of at least {@code minSize} bytes that the reader may overwrite. */
        byte[] get(int minSize) throws IOException;
    }

    private static final LZ4SafeDecompressor NATIVE = LZ4Factory.fastestInstance().safeDecompressor();

    private final InputStream in;
    private final StreamingXXHash32 contentHash = XXHashFactory.fastestInstance().newStreamingHash32(0);
    private final byte[] small = new byte[16];
    private long offset;
    private int frames;

    // the current frame
    private boolean inFrame;
    private long frameStart;
    private boolean independent;
    private boolean blockChecksum;
    private boolean contentChecksum;
    private long contentSize;
    private int blockMax;
    private long produced;

    // linked blocks: the last up to 64 KB of output
    private final byte[] history = new byte[WINDOW];
    private int historyLength;
    private byte[] compressed = new byte[0];

    FrameReader(InputStream in) {
        this.in = in;
    }

    /** Bytes of compressed input consumed so far. */
    long offset() {
        return offset;
    }

    /**
     * Decodes the next non-empty block into a buffer from {@code buffers} (at {@link FrameFormat#WINDOW})
     * and returns that buffer with its length, or {@code null} once the input ends after a complete frame.
     */
    DecodedBlock next(BufferSource buffers) throws IOException {
        while (true) {
            if (!inFrame) {
                if (!startFrame()) {
                    return null;
                }
                continue; // a skippable frame, or a header: start over with inFrame telling which
            }
            long at = offset;
            int word = readInt("block size");
            if (word == 0) {
                endFrame(at);
                continue;
            }
            boolean raw = (word & FrameFormat.BLOCK_UNCOMPRESSED) != 0;
            int size = word & ~FrameFormat.BLOCK_UNCOMPRESSED;
            if (size > blockMax) {
                throw new Lz4FormatException("corrupt LZ4 frame at byte " + at + ": block of " + size
                        + " bytes announced, the frame's maximum block size is " + blockMax);
            }
            byte[] out = buffers.get(WINDOW + blockMax);
            byte[] data;
            int dataOff;
            if (raw) {
                data = out;
                dataOff = WINDOW;
            } else {
                if (compressed.length < size) {
                    compressed = new byte[blockMax];
                }
                data = compressed;
                dataOff = 0;
            }
            readBlock(data, dataOff, size, at + 4);
            if (blockChecksum) {
                long checksumAt = offset;
                int stored = readInt("block checksum");
                int actual = FrameFormat.xxh32(data, dataOff, size);
                if (stored != actual) {
                    throw new Lz4ChecksumException("block checksum", checksumAt, stored, actual);
                }
            }
            int n = raw ? size : decode(data, size, out, at + 4);
            if (!independent) {
                remember(out, n);
            }
            produced += n;
            if (contentSize >= 0 && produced > contentSize) {
                throw new Lz4FormatException("corrupt LZ4 frame at byte " + at + ": content size in the header is "
                        + contentSize + " bytes, blocks hold more (" + produced + " so far)");
            }
            if (contentChecksum) {
                contentHash.update(out, WINDOW, n);
            }
            if (n > 0) {
                return new DecodedBlock(out, n);
            }
        }
    }

    /** A decoded block: {@code length} bytes at {@link FrameFormat#WINDOW} of {@code buffer}. */
    record DecodedBlock(byte[] buffer, int length) {
    }

    private int decode(byte[] src, int size, byte[] out, long at) throws IOException {
        if (independent) {
            try {
                return NATIVE.decompress(src, 0, size, out, WINDOW, blockMax);
            } catch (LZ4Exception e) {
                throw new Lz4FormatException("corrupt LZ4 block at byte " + at + " (" + size + " bytes): "
                        + e.getMessage(), e);
            }
        }
        System.arraycopy(history, WINDOW - historyLength, out, WINDOW - historyLength, historyLength);
        return BlockDecoder.decode(src, 0, size, out, WINDOW - historyLength, WINDOW, WINDOW + blockMax, at);
    }

    /** Appends {@code out[WINDOW, WINDOW + n)} to the history, keeping its last 64 KB right-aligned. */
    private void remember(byte[] out, int n) {
        if (n >= WINDOW) {
            System.arraycopy(out, WINDOW + n - WINDOW, history, 0, WINDOW);
            historyLength = WINDOW;
            return;
        }
        int keepOld = Math.min(historyLength, WINDOW - n);
        System.arraycopy(history, WINDOW - keepOld, history, WINDOW - keepOld - n, keepOld);
        System.arraycopy(out, WINDOW, history, WINDOW - n, n);
        historyLength = keepOld + n;
    }

    private boolean startFrame() throws IOException {
        long at = offset;
        int got = readUpTo(small, 0, 4);
        if (got == 0) {
            if (frames == 0) {
                throw new Lz4FormatException("no LZ4 frame: the input is empty");
            }
            return false;
        }
        if (got < 4) {
            throw new Lz4FormatException("truncated LZ4 input at byte " + at + ": frame magic of 4 bytes expected, "
                    + got + " present");
        }
        int magic = FrameFormat.intLe(small, 0);
        frames++;
        if ((magic & FrameFormat.SKIPPABLE_MAGIC_MASK) == FrameFormat.SKIPPABLE_MAGIC_MIN) {
            long length = readInt("skippable frame size") & 0xFFFFFFFFL;
            long skipped = skip(length);
            if (skipped < length) {
                throw new Lz4FormatException("truncated skippable frame at byte " + at + ": " + length
                        + " bytes announced, " + skipped + " present");
            }
            return true;
        }
        if (magic == FrameFormat.LEGACY_MAGIC) {
            throw new Lz4FormatException("legacy LZ4 format (lz4 -l) at byte " + at
                    + " is not supported; expected an LZ4 frame (magic 0x184D2204)");
        }
        if (magic != FrameFormat.MAGIC) {
            throw new Lz4FormatException(String.format(
                    "not an LZ4 frame at byte %d: magic 0x%08X, expected 0x184D2204 or a skippable frame", at, magic));
        }
        readHeader(at);
        return true;
    }

    private void readHeader(long at) throws IOException {
        readFully(small, 0, 2, "frame descriptor", at);
        int flg = small[0] & 0xFF;
        int bd = small[1] & 0xFF;
        if ((flg & FrameFormat.FLG_VERSION_MASK) != FrameFormat.FLG_VERSION_01) {
            throw new Lz4FormatException("unsupported LZ4 frame at byte " + at + ": version "
                    + (flg >>> 6) + " in FLG, expected 1");
        }
        if ((flg & FrameFormat.FLG_RESERVED) != 0 || (bd & FrameFormat.BD_RESERVED) != 0) {
            throw new Lz4FormatException(String.format(
                    "corrupt LZ4 frame header at byte %d: reserved bits set (FLG 0x%02X, BD 0x%02X)", at, flg, bd));
        }
        BlockSize size = BlockSize.ofId(bd >>> 4);
        if (size == null) {
            throw new Lz4FormatException("corrupt LZ4 frame header at byte " + at + ": block size id "
                    + (bd >>> 4) + ", expected 4..7");
        }
        int length = 2;
        if ((flg & FrameFormat.FLG_CONTENT_SIZE) != 0) {
            readFully(small, length, 8, "content size", at);
            length += 8;
        }
        if ((flg & FrameFormat.FLG_DICT_ID) != 0) {
            readFully(small, length, 4, "dictionary id", at);
            length += 4;
        }
        readFully(small, length, 1, "header checksum", at);
        int stored = small[length] & 0xFF;
        int actual = FrameFormat.headerChecksum(small, 0, length);
        if (stored != actual) {
            throw new Lz4ChecksumException("header checksum", offset - 1, stored, actual);
        }
        if ((flg & FrameFormat.FLG_DICT_ID) != 0) {
            throw new Lz4FormatException(String.format("unsupported LZ4 frame at byte %d: it needs dictionary 0x%08X",
                    at, FrameFormat.intLe(small, length - 4)));
        }
        frameStart = at;
        independent = (flg & FrameFormat.FLG_BLOCK_INDEPENDENT) != 0;
        blockChecksum = (flg & FrameFormat.FLG_BLOCK_CHECKSUM) != 0;
        contentChecksum = (flg & FrameFormat.FLG_CONTENT_CHECKSUM) != 0;
        contentSize = (flg & FrameFormat.FLG_CONTENT_SIZE) != 0 ? FrameFormat.longLe(small, 2) : -1;
        if ((flg & FrameFormat.FLG_CONTENT_SIZE) != 0 && contentSize < 0) {
            throw new Lz4FormatException("corrupt LZ4 frame header at byte " + at + ": content size "
                    + Long.toUnsignedString(contentSize) + " is out of range");
        }
        blockMax = size.bytes();
        produced = 0;
        historyLength = 0;
        contentHash.reset();
        inFrame = true;
    }

    private void endFrame(long endMarkAt) throws IOException {
        inFrame = false;
        if (contentChecksum) {
            long at = offset;
            int stored = readInt("content checksum");
            int actual = contentHash.getValue();
            if (stored != actual) {
                throw new Lz4ChecksumException("content checksum", at, stored, actual);
            }
        }
        if (contentSize >= 0 && produced != contentSize) {
            throw new Lz4FormatException("corrupt LZ4 frame at byte " + endMarkAt + ": the header of the frame at byte "
                    + frameStart + " declares " + contentSize + " bytes of content, its blocks hold " + produced);
        }
    }

    private int readInt(String what) throws IOException {
        readFully(small, 0, 4, what, offset);
        return FrameFormat.intLe(small, 0);
    }

    private void readFully(byte[] b, int off, int len, String what, long partOf) throws IOException {
        long at = offset;
        int got = readUpTo(b, off, len);
        if (got < len) {
            throw new Lz4FormatException("truncated LZ4 frame at byte " + at + ": " + what + " of " + len
                    + " bytes expected, " + got + " present" + (partOf != at ? " (frame part at byte " + partOf + ")" : ""));
        }
    }

    private void readBlock(byte[] b, int off, int size, long at) throws IOException {
        int got = readUpTo(b, off, size);
        if (got < size) {
            throw new Lz4FormatException("truncated LZ4 frame at byte " + at + ": block of " + size
                    + " bytes announced, " + got + " present");
        }
    }

    private int readUpTo(byte[] b, int off, int len) throws IOException {
        int n = in.readNBytes(b, off, len);
        offset += n;
        return n;
    }

    private long skip(long length) throws IOException {
        long done = 0;
        byte[] scratch = new byte[(int) Math.min(length, 64 * 1024)];
        while (done < length) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, length - done));
            if (n < 0) {
                break;
            }
            done += n;
        }
        offset += done;
        return done;
    }

    @Override
    public void close() {
        contentHash.close();
    }
}
