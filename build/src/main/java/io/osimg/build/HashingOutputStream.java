package io.osimg.build;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** Passes bytes through while counting them and feeding one digest; reports progress every few megabytes. */
final class HashingOutputStream extends FilterOutputStream {
    private static final long REPORT_EVERY = 8 << 20;

    private final MessageDigest digest;
    private final LongConsumer progress;
    private long count;
    private long nextReport = REPORT_EVERY;

    HashingOutputStream(OutputStream out, MessageDigest digest, LongConsumer progress) {
        super(out);
        this.digest = digest;
        this.progress = progress;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        advance(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        advance(len);
    }

    private void advance(long n) {
        count += n;
        if (count >= nextReport) {
            nextReport = count + REPORT_EVERY;
            progress.accept(count);
        }
    }

    long count() {
        return count;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Flushes but does not close the stream below: the caller owns it. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
