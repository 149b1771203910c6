package io.osimg.build.io;

import io.osimg.core.checksum.DigestAlgorithm;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Passes bytes through while counting them and feeding digests; reports the count every few megabytes. The
 * stream below is flushed, not closed, by {@link #close()}: the caller owns it.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private static final long REPORT_EVERY = 8 << 20;
    private static final int CHUNK = 32 << 10;

    private final Map<DigestAlgorithm, MessageDigest> digests = new EnumMap<>(DigestAlgorithm.class);
    private final LongConsumer progress;
    private long count;
    private long nextReport = REPORT_EVERY;

    public DigestingOutputStream(OutputStream out, LongConsumer progress, DigestAlgorithm... algorithms) {
        super(out);
        this.progress = progress;
        for (DigestAlgorithm a : algorithms) {
            digests.put(a, newDigest(a));
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        for (MessageDigest d : digests.values()) {
            d.update((byte) b);
        }
        advance(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        // all digests over one cache-sized piece before the next: a megabyte-sized block is then read from memory
        // once instead of once per digest, and evicts less of what the compressor threads keep in the caches
        for (int at = off, end = off + len; at < end; at += CHUNK) {
            int n = Math.min(CHUNK, end - at);
            for (MessageDigest d : digests.values()) {
                d.update(b, at, n);
            }
        }
        advance(len);
    }

    private void advance(long n) {
        count += n;
        if (progress != null && count >= nextReport) {
            nextReport = count + REPORT_EVERY;
            progress.accept(count);
        }
    }

    public long count() {
        return count;
    }

    /** The hex digests of everything written; call once, after the last write. */
    public Map<DigestAlgorithm, String> hex() {
        Map<DigestAlgorithm, String> hex = new EnumMap<>(DigestAlgorithm.class);
        digests.forEach((a, d) -> hex.put(a, HexFormat.of().formatHex(d.digest())));
        return hex;
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    public static MessageDigest newDigest(DigestAlgorithm a) {
        try {
            return MessageDigest.getInstance(a.javaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + a.javaName(), e);
        }
    }
}
