package io.osimg.image.source;

import com.github.luben.zstd.ZstdInputStream;
import io.osimg.archive.lz4.Lz4FrameInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/** Compression of a tar source, recognised by its magic bytes, never by its file name. */
public enum Compression {
    NONE(new byte[0]),
    GZIP(new byte[] {0x1f, (byte) 0x8b}),
    XZ(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0x00}),
    ZSTD(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}),
    LZ4(new byte[] {0x04, 0x22, 0x4d, 0x18}),
    BZIP2(new byte[] {'B', 'Z', 'h'});

    /** Bytes needed to tell every supported format apart. */
    static final int PROBE_LENGTH = 6;

    private final byte[] magic;

    Compression(byte[] magic) {
        this.magic = magic;
    }

    /** Detects the compression from the first bytes of a stream; anything unknown is taken as plain. */
    public static Compression detect(byte[] head, int length) {
        for (Compression c : values()) {
            if (c != NONE && length >= c.magic.length
                    && Arrays.equals(head, 0, c.magic.length, c.magic, 0, c.magic.length)) {
                return c;
            }
        }
        return NONE;
    }

    /**
     * Wraps a stream (which must support mark/reset, see {@link #open(InputStream)}) into its decompressor.
     */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case XZ -> new XZInputStream(in);
            case ZSTD -> new ZstdInputStream(in);
            case LZ4 -> new Lz4FrameInputStream(in);
            case BZIP2 -> throw new IOException("bzip2-compressed sources are not supported; decompress it first (bunzip2)");
        };
    }

    /** A detected, decompressing view of a raw source stream. */
    public record Opened(Compression compression, InputStream stream) {}

    /** Detects the compression of {@code raw} by peeking at its first bytes, then decompresses it. */
    public static Opened open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(PROBE_LENGTH);
        byte[] head = in.readNBytes(PROBE_LENGTH);
        in.reset();
        Compression c = detect(head, head.length);
        return new Opened(c, c.decompress(in));
    }
}
