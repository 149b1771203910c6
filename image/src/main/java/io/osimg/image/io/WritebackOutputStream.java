package io.osimg.image.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes to a file and keeps its dirty pages flowing to the disk while it is written: every {@code every} bytes
 * a background thread flushes what is written so far ({@code fdatasync}), unless the previous flush is still
 * running. The final {@code fsync} before publishing then has only the last stretch left to write instead of
 * the whole file, and the disk works while the compressor does. The caller still forces the file at the end:
 * these flushes are a head start, not a guarantee. A failed background flush is reported by the next write.
 */
public final class WritebackOutputStream extends OutputStream {
    private final FileChannel channel;
    private final long every;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final byte[] single = new byte[1];
    private long sinceFlush;

    public WritebackOutputStream(FileChannel channel, long every) {
        this.channel = Objects.requireNonNull(channel, "channel");
        if (every <= 0) {
            throw new IllegalArgumentException("every must be positive, got " + every);
        }
        this.every = every;
    }

    @Override
    public void write(int b) throws IOException {
        single[0] = (byte) b;
        write(single, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        IOException failed = failure.getAndSet(null);
        if (failed != null) {
            throw new IOException("flushing " + channel + " to disk failed: " + failed.getMessage(), failed);
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        sinceFlush += len;
        if (sinceFlush >= every && flushing.compareAndSet(false, true)) {
            sinceFlush = 0;
            Thread.ofPlatform().daemon().name("osimg-writeback").start(() -> {
                try {
                    channel.force(false);
                } catch (IOException e) {
                    failure.set(e);
                } finally {
                    flushing.set(false);
                }
            });
        }
    }
}
