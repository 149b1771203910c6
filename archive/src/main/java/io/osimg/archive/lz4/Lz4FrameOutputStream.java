package io.osimg.archive.lz4;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Writes one LZ4 frame (what {@code lz4} writes) with independent blocks compressed in parallel.
 *
 * <p>Input is cut into blocks of {@link Lz4Options#blockSize()}; each full block goes to one of
 * {@link Lz4Options#threads()} workers, and finished blocks are written in order by the thread that
 * calls {@code write}. At most {@link #maxInFlight} blocks are in flight (twice the workers, capped so that
 * their buffers stay under {@value #IN_FLIGHT_BUDGET} bytes), so memory does not grow with the input.
 * The content checksum is computed in the writing thread.
 *
 * <p>{@link #flush()} flushes the underlying stream but does not cut a short block: blocks stay full so the
 * output matches {@code lz4}'s. {@link #finish()} ends the frame; {@link #close()} ends it and closes the
 * underlying stream or channel. Not thread-safe.
 */
public final class Lz4FrameOutputStream extends OutputStream {

    /** Upper bound for the input and output buffers of blocks in flight. */
    static final long IN_FLIGHT_BUDGET = 256L * 1024 * 1024;
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final OutputStream out;
    private final FileChannel channel;
    private final long channelStart;
    private final long declaredSize;
    private final Lz4Options opts;
    private final BlockEncoder encoder;
    private final StreamingXXHash32 contentHash;
    private final ExecutorService workers;
    private final int maxInFlight;
    private final ArrayDeque<Future<Encoded>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeInputs = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeOutputs = new ArrayDeque<>();
    private final byte[] single = new byte[1];

    private byte[] current;
    private int pos;
    private long uncompressed;
    private long compressed;
    private boolean finished;
    private boolean closed;

    private record Encoded(byte[] input, byte[] output, int length) {
    }

    /** Streams a frame to {@code out}; the header carries no content size. */
    public Lz4FrameOutputStream(OutputStream out, Lz4Options opts) throws IOException {
        this(Objects.requireNonNull(out, "out"), null, 0, opts, -1);
    }

    /**
     * Streams a frame whose content size is known before the first byte: the header carries it, nothing is patched
     * afterwards, so the compressed bytes can be hashed as they are written. {@link #finish()} fails when the
     * content written differs from {@code contentSize}.
     */
    public static Lz4FrameOutputStream withContentSize(OutputStream out, Lz4Options opts, long contentSize)
            throws IOException {
        if (contentSize < 0) {
            throw new IllegalArgumentException("content size " + contentSize + " is negative");
        }
        return new Lz4FrameOutputStream(Objects.requireNonNull(out, "out"), null, 0, opts, contentSize);
    }

    /**
     * Writes a frame into {@code ch} from its current position (normally 0). The header reserves the content
     * size field, and {@link #finish()} patches the size and the header checksum in place, so {@code ch} must
     * be seekable (a file).
     */
    public static Lz4FrameOutputStream toChannel(FileChannel ch, Lz4Options opts) throws IOException {
        Objects.requireNonNull(ch, "ch");
        return toChannel(ch, Channels.newOutputStream(ch), opts);
    }

    /**
     * As {@link #toChannel(FileChannel, Lz4Options)}, with the frame written through {@code writer}, a stream that
     * writes into {@code ch} at its position (e.g. one that also starts writeback); the header is patched in
     * {@code ch} itself.
     */
    public static Lz4FrameOutputStream toChannel(FileChannel ch, OutputStream writer, Lz4Options opts)
            throws IOException {
        Objects.requireNonNull(ch, "ch");
        return new Lz4FrameOutputStream(Objects.requireNonNull(writer, "writer"), ch, ch.position(), opts, -1);
    }

    private Lz4FrameOutputStream(OutputStream out, FileChannel channel, long channelStart, Lz4Options opts,
                                 long declaredSize) throws IOException {
        this.out = out;
        this.declaredSize = declaredSize;
        this.channel = channel;
        this.channelStart = channelStart;
        this.opts = Objects.requireNonNull(opts, "opts");
        this.encoder = new BlockEncoder(opts);
        this.contentHash = opts.contentChecksum() ? XXHashFactory.fastestInstance().newStreamingHash32(0) : null;
        long perBlock = (long) opts.blockSize().bytes() + encoder.outputCapacity();
        this.maxInFlight = (int) Math.max(1, Math.min(2L * opts.threads(), IN_FLIGHT_BUDGET / perBlock));
        this.workers = opts.threads() > 1 ? newWorkers(opts.threads()) : null;
        byte[] header = FrameFormat.header(opts, declaredSize >= 0 ? declaredSize : channel != null ? 0 : -1);
        out.write(header);
        compressed = header.length;
    }

    private static ExecutorService newWorkers(int threads) {
        int pool = POOL_IDS.incrementAndGet();
        AtomicInteger ids = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "lz4-encoder-" + pool + "-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Bytes accepted so far (the uncompressed content). */
    public long uncompressedBytes() {
        return uncompressed;
    }

    /** Bytes written to the underlying stream so far (after {@link #finish()}: the size of the frame). */
    public long compressedBytes() {
        return compressed;
    }

    @Override
    public void write(int b) throws IOException {
        single[0] = (byte) b;
        write(single, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        int block = opts.blockSize().bytes();
        while (len > 0) {
            if (current == null) {
                current = freeInputs.isEmpty() ? new byte[block] : freeInputs.pop();
                pos = 0;
            }
            int n = Math.min(len, block - pos);
            System.arraycopy(b, off, current, pos, n);
            pos += n;
            off += n;
            len -= n;
            uncompressed += n;
            if (pos == block) {
                submitCurrent();
            }
        }
    }

    /** Flushes the underlying stream; a partly filled block stays buffered (see the class comment). */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        out.flush();
    }

    /**
     * Compresses what is buffered, waits for all blocks, writes the EndMark and the content checksum, and
     * (for {@link #toChannel}) patches the content size into the header. The underlying stream stays open.
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        ensureOpen();
        if (current != null && pos > 0) {
            submitCurrent();
        }
        while (!inFlight.isEmpty()) {
            writeOldest();
        }
        if (declaredSize >= 0 && uncompressed != declaredSize) {
            throw new IOException("LZ4 frame: the header announced " + declaredSize + " bytes of content but "
                    + uncompressed + " were written");
        }
        byte[] trailer = new byte[opts.contentChecksum() ? 8 : 4];
        if (contentHash != null) {
            FrameFormat.putIntLe(trailer, 4, contentHash.getValue());
        }
        out.write(trailer);
        compressed += trailer.length;
        out.flush();
        if (channel != null) {
            patchContentSize();
        }
        finished = true;
        shutdownWorkers();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            finish();
        } finally {
            closed = true;
            shutdownWorkers();
            if (contentHash != null) {
                contentHash.close();
            }
            out.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("LZ4 frame output stream is closed");
        }
        if (finished) {
            throw new IOException("LZ4 frame is already finished");
        }
    }

    private void submitCurrent() throws IOException {
        byte[] input = current;
        int length = pos;
        current = null;
        pos = 0;
        if (contentHash != null) {
            contentHash.update(input, 0, length);
        }
        byte[] output = freeOutputs.isEmpty() ? new byte[encoder.outputCapacity()] : freeOutputs.pop();
        if (workers == null) {
            write(new Encoded(input, output, encoder.encode(input, length, output)));
            return;
        }
        while (inFlight.size() >= maxInFlight) {
            writeOldest();
        }
        inFlight.add(workers.submit(() -> new Encoded(input, output, encoder.encode(input, length, output))));
    }

    private void writeOldest() throws IOException {
        Future<Encoded> next = inFlight.poll();
        Encoded encoded;
        try {
            encoded = next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an LZ4 block to be compressed");
        } catch (ExecutionException e) {
            throw new IOException("compressing an LZ4 block at level " + opts.level() + " failed", e.getCause());
        }
        write(encoded);
    }

    private void write(Encoded encoded) throws IOException {
        out.write(encoded.output(), 0, encoded.length());
        compressed += encoded.length();
        freeInputs.push(encoded.input());
        freeOutputs.push(encoded.output());
    }

    private void patchContentSize() throws IOException {
        byte[] header = FrameFormat.header(opts, uncompressed);
        ByteBuffer patch = ByteBuffer.wrap(header, FrameFormat.CONTENT_SIZE_OFFSET,
                header.length - FrameFormat.CONTENT_SIZE_OFFSET);
        long at = channelStart + FrameFormat.CONTENT_SIZE_OFFSET;
        while (patch.hasRemaining()) {
            at += channel.write(patch, at);
        }
    }

    private void shutdownWorkers() {
        if (workers != null) {
            for (Future<Encoded> f : inFlight) {
                f.cancel(false);
            }
            inFlight.clear();
            workers.shutdown();
        }
    }
}
