package io.osimg.core.checksum;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Passes bytes through while counting them and feeding digests; reports the count every few megabytes. The
 * stream below is flushed, not closed, by {@link #close()}: the caller owns it.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private static final long REPORT_EVERY = 8 << 20;

    private final Digests digests;
    private final LongConsumer progress;
    private long count;
    private long nextReport = REPORT_EVERY;

    public DigestingOutputStream(OutputStream out, LongConsumer progress, DigestAlgorithm... algorithms) {
        super(out);
        this.progress = progress;
        this.digests = Digests.of(List.of(algorithms));
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digests.update((byte) b);
        advance(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digests.update(b, off, len);
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

    /** The hex digests of everything written, by algorithm; call after the last write. */
    public Map<DigestAlgorithm, String> digests() {
        return digests.finish();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
