package io.osimg.build.io;

import io.osimg.core.checksum.DigestAlgorithm;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Everything read through it is counted, fed into digests (none: counting only) and, when a sink is given,
 * copied to it: a tar source passed through to the encoder while it is read, an image hashed while it is checked.
 */
public final class DigestingInputStream extends FilterInputStream {
    private final Map<DigestAlgorithm, MessageDigest> digests = new EnumMap<>(DigestAlgorithm.class);
    private final OutputStream sink;
    private volatile long count;

    public DigestingInputStream(InputStream in, OutputStream sink, DigestAlgorithm... algorithms) {
        super(in);
        this.sink = sink;
        for (DigestAlgorithm a : algorithms) {
            digests.put(a, DigestingOutputStream.newDigest(a));
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count++;
            for (MessageDigest d : digests.values()) {
                d.update((byte) b);
            }
            if (sink != null) {
                sink.write(b);
            }
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            for (MessageDigest d : digests.values()) {
                d.update(b, off, n);
            }
            if (sink != null) {
                sink.write(b, off, n);
            }
        }
        return n;
    }

    /** Skipping reads, so that skipped bytes are counted, hashed and copied too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
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

    public long count() {
        return count;
    }

    /** The hex digests of everything read; call once, at the end. */
    public Map<DigestAlgorithm, String> hex() {
        Map<DigestAlgorithm, String> hex = new EnumMap<>(DigestAlgorithm.class);
        digests.forEach((a, d) -> hex.put(a, HexFormat.of().formatHex(d.digest())));
        return hex;
    }
}
