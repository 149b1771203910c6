package io.osimg.install;

import io.osimg.core.checksum.DigestAlgorithm;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Passes bytes through while computing digests over them, counting them and, when asked, copying them to a file
 * ({@code --keep-image}). The digests are known once the stream has been read to its end.
 */
final class HashingInputStream extends FilterInputStream {

    private final Map<DigestAlgorithm, MessageDigest> digests = new EnumMap<>(DigestAlgorithm.class);
    private final OutputStream tee;
    private final LongConsumer onCount;
    private final byte[] drain = new byte[64 * 1024];
    private long count;
    private boolean eof;
    private Map<DigestAlgorithm, String> result;

    /**
     * @param tee     receives a copy of every byte, may be null
     * @param onCount called with the running byte count after each read, may be null
     */
    HashingInputStream(InputStream in, Set<DigestAlgorithm> algorithms, OutputStream tee, LongConsumer onCount) {
        super(in);
        for (DigestAlgorithm a : algorithms) {
            try {
                digests.put(a, MessageDigest.getInstance(a.javaName()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no " + a.javaName(), e);
            }
        }
        this.tee = tee;
        this.onCount = onCount == null ? n -> { } : onCount;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            eof = true;
            return -1;
        }
        for (MessageDigest md : digests.values()) {
            md.update(b, off, n);
        }
        if (tee != null) {
            tee.write(b, off, n);
        }
        count += n;
        onCount.accept(count);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would leave bytes out of the digests
        long done = 0;
        while (done < n) {
            int r = read(drain, 0, (int) Math.min(drain.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads what is left so the digests cover the whole object; returns the number of bytes that were left. */
    long drainToEnd() throws IOException {
        long left = 0;
        for (int n; (n = read(drain, 0, drain.length)) >= 0; ) {
            left += n;
        }
        return left;
    }

    long count() {
        return count;
    }

    /** The hex digests; only after the end of the stream. */
    Map<DigestAlgorithm, String> digests() {
        if (!eof) {
            throw new IllegalStateException("digests are known only after the end of the stream");
        }
        if (result == null) {
            Map<DigestAlgorithm, String> hex = new EnumMap<>(DigestAlgorithm.class);
            digests.forEach((a, md) -> hex.put(a, HexFormat.of().formatHex(md.digest())));
            result = Collections.unmodifiableMap(hex);
        }
        return result;
    }
}
