package io.osimg.install;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Reports the running number of bytes read (the decompressed tar, for extraction progress). */
final class CountingInputStream extends FilterInputStream {

    private final LongConsumer onCount;
    private long count;

    CountingInputStream(InputStream in, LongConsumer onCount) {
        super(in);
        this.onCount = onCount;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            onCount.accept(count);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = in.skip(n);
        if (s > 0) {
            count += s;
            onCount.accept(count);
        }
        return s;
    }

    long count() {
        return count;
    }
}
