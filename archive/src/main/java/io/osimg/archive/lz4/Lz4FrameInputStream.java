package io.osimg.archive.lz4;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes LZ4 frames as the {@code lz4} command line writes them: block sizes 64 KB to 4 MB, independent and
 * linked blocks, with or without block checksums, content checksum and content size, concatenated frames and
 * skippable frames. Every checksum and the content size are verified; a mismatch, truncation or corruption
 * raises {@link Lz4FormatException} (or its subtype {@link Lz4ChecksumException}) instead of end of stream.
 *
 * <p>A background thread reads and decodes up to {@value #READ_AHEAD} blocks ahead of the reader, so
 * decompression overlaps with whatever consumes the data. Memory is bounded by
 * {@value #BUFFERS} block buffers (4 MB + 64 KB each for 4 MB blocks) plus one compressed block.
 * The thread starts on the first read and ends at end of input, on an error or on {@link #close()};
 * close the stream when done with it. Not thread-safe.
 */
public final class Lz4FrameInputStream extends InputStream {

    /** Decoded blocks waiting for the reader. */
    static final int READ_AHEAD = 2;
    /** Block buffers: the reader's, the queued ones, the one being decoded. */
    static final int BUFFERS = READ_AHEAD + 2;
    private static final Object END = new Object();
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final InputStream in;
    private final FrameReader reader;
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(READ_AHEAD);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final byte[] single = new byte[1];
    private Thread decoder;
    private int allocated; // touched by the decoder thread only

    private byte[] buffer;
    private int pos;
    private int end;
    private boolean eof;
    private IOException failure;
    private boolean closed;

    private record Failure(IOException error) {
    }

    public Lz4FrameInputStream(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
        this.reader = new FrameReader(new BufferedInputStream(in, 64 * 1024));
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos == end && !fill()) {
            return -1;
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            if (pos == end && !fill()) {
                break;
            }
            int step = (int) Math.min(n - done, end - pos);
            pos += step;
            done += step;
        }
        return done;
    }

    @Override
    public int available() throws IOException {
        ensureOpen();
        return end - pos;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        buffer = null;
        if (decoder != null) {
            decoder.interrupt();
        } else {
            reader.close();
        }
        in.close();
    }

    private boolean fill() throws IOException {
        ensureOpen();
        if (failure != null) {
            throw failure;
        }
        if (eof) {
            return false;
        }
        if (decoder == null) {
            decoder = Thread.ofPlatform().daemon().name("lz4-decoder-" + THREAD_IDS.incrementAndGet())
                    .start(this::decodeAhead);
        }
        if (buffer != null) {
            free.offer(buffer);
            buffer = null;
        }
        Object item;
        try {
            item = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the LZ4 decoder");
        }
        if (item == END) {
            eof = true;
            return false;
        }
        if (item instanceof Failure(IOException error)) {
            failure = error;
            throw error;
        }
        FrameReader.DecodedBlock block = (FrameReader.DecodedBlock) item;
        buffer = block.buffer();
        pos = FrameFormat.WINDOW;
        end = FrameFormat.WINDOW + block.length();
        return true;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("LZ4 frame input stream is closed");
        }
    }

    /** The decoder thread: decode blocks into free buffers and queue them until the input ends. */
    private void decodeAhead() {
        try {
            FrameReader.DecodedBlock block;
            while ((block = reader.next(this::takeBuffer)) != null) {
                ready.put(block);
            }
            ready.put(END);
        } catch (IOException e) {
            offerFailure(e);
        } catch (RuntimeException e) {
            offerFailure(new Lz4FormatException("decoding LZ4 input failed at byte " + reader.offset(), e));
        } catch (InterruptedException e) {
            // closed by the reader
        } finally {
            reader.close();
        }
    }

    private void offerFailure(IOException e) {
        try {
            ready.put(new Failure(e));
        } catch (InterruptedException ignored) {
            // closed by the reader, nobody is waiting
        }
    }

    private byte[] takeBuffer(int minSize) throws IOException {
        try {
            byte[] b = free.poll();
            if (b == null && allocated < BUFFERS) {
                allocated++;
                return new byte[minSize];
            }
            if (b == null) {
                b = free.take();
            }
            return b.length >= minSize ? b : new byte[minSize];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // so that the decoder thread does not block on the queue
            throw new InterruptedIOException("LZ4 frame input stream closed");
        }
    }
}
