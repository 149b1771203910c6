package io.osimg.core.checksum;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Passes bytes through while counting them, feeding digests (none: counting only) and, when a sink is given,
 * copying them to it: an image hashed while it is extracted or checked ({@code --keep-image} keeps the copy), a tar
 * source passed through to the encoder while it is read. Skipping reads, so that no byte escapes the digests. The
 * digests are known once the stream has been read to its end.
 */
public final class DigestingInputStream extends FilterInputStream {

    private final Digests digests;
    private final OutputStream sink;
    private final LongConsumer onCount;
    private byte[] drain;
    private volatile long count;
    private boolean eof;

    /**
     * @param sink    receives a copy of every byte, may be null
     * @param onCount called with the running byte count after each read, may be null
     */
    public DigestingInputStream(InputStream in, OutputStream sink, LongConsumer onCount, Set<DigestAlgorithm> algorithms) {
        super(in);
        this.digests = Digests.of(algorithms);
        this.sink = sink;
        this.onCount = onCount;
    }

    /** @param sink receives a copy of every byte, may be null */
    public DigestingInputStream(InputStream in, OutputStream sink, DigestAlgorithm... algorithms) {
        super(in);
        this.digests = Digests.of(List.of(algorithms));
        this.sink = sink;
        this.onCount = null;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            eof = true;
            return b;
        }
        digests.update((byte) b);
        if (sink != null) {
            sink.write(b);
        }
        counted(1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            eof = true;
            return n;
        }
        if (n > 0) {
            digests.update(b, off, n);
            if (sink != null) {
                sink.write(b, off, n);
            }
            counted(n);
        }
        return n;
    }

    private void counted(int n) {
        long c = count + n;
        count = c;
        if (onCount != null) {
            onCount.accept(c);
        }
    }

    /** Skipping reads, so that skipped bytes are counted, hashed and copied too. */
    @Override
    public long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            int r = read(buffer(), 0, (int) Math.min(drain.length, n - done));
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

    /** Reads what is left so the digests cover the whole stream; returns the number of bytes that were left. */
    public long drainToEnd() throws IOException {
        long left = 0;
        for (int n; (n = read(buffer(), 0, drain.length)) >= 0; ) {
            left += n;
        }
        return left;
    }

    private byte[] buffer() {
        if (drain == null) {
            drain = new byte[64 * 1024];
        }
        return drain;
    }

    /** The bytes read so far. */
    public long count() {
        return count;
    }

    /**
     * The hex digests of everything read, by algorithm.
     *
     * @throws IllegalStateException before the end of the stream: they would cover only a part of it
     */
    public Map<DigestAlgorithm, String> digests() {
        if (!eof) {
            throw new IllegalStateException("digests are known only after the end of the stream");
        }
        return digests.finish();
    }
}
