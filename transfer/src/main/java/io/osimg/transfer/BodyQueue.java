package io.osimg.transfer;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Flow;

/**
 * Receives a response body from the HTTP client and hands it to one reading thread, one buffer at a time, holding
 * the body to {@link Deadlines#idle()} (the longest wait for a byte) and {@link Deadlines#minRate()} (bytes per second
 * of waiting, judged over each {@link Deadlines#rateWindow()} of waiting). It requests one batch of buffers at a
 * time, so at most a couple of batches are held in memory.
 */
final class BodyQueue implements Flow.Subscriber<List<ByteBuffer>> {

    private record Failure(Throwable cause) { }

    private static final Object END = new Object();

    private final URI url;
    private final Deadlines deadlines;
    private final long windowNanos;
    private long waitedInWindow;
    private long bytesInWindow;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Deque<ByteBuffer> pending = new ArrayDeque<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private boolean ended;

    BodyQueue(URI url, Deadlines deadlines) {
        this.url = url;
        this.deadlines = deadlines;
        this.windowNanos = deadlines.minRate() > 0 ? deadlines.rateWindow().toNanos() : Long.MAX_VALUE;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        queue.add(buffers);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(new Failure(t));
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    /**
     * The next buffer of the body, or null at its end.
     *
     * @throws TransferException if no byte arrives within the idle timeout, the body arrives slower than the minimum
     *                           rate, or the connection fails
     */
    ByteBuffer next() throws IOException {
        long idleNanos = deadlines.idle().toNanos();
        long silent = 0;
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            long wait = Math.min(idleNanos - silent, windowNanos - waitedInWindow);
            long started = System.nanoTime();
            Object item;
            try {
                item = queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new InterruptedIOException("reading the body of " + url + ": interrupted");
            }
            long waited = System.nanoTime() - started;
            silent += waited;
            long received = 0;
            if (item == END) {
                ended = true;
            } else if (item instanceof Failure f) {
                ended = true;
                throw new TransferException(url, -1, "GET " + url + ": " + describe(f.cause()), f.cause());
            } else if (item != null) {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                for (ByteBuffer b : buffers) {
                    if (b.hasRemaining()) {
                        pending.add(b);
                        received += b.remaining();
                    }
                }
                silent = 0;
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
            }
            if (!ended) {
                checkRate(waited, received);
            }
            if (item == null && silent >= idleNanos) {
                cancel();
                throw new TransferException(url, -1, "GET " + url + ": no byte for " + Deadlines.seconds(deadlines.idle())
                        + " (--idle-timeout)");
            }
        }
        return pending.poll();
    }

    /** Adds one wait to the current window; at the window's end, fails if it brought fewer bytes than the floor. */
    private void checkRate(long waited, long received) throws TransferException {
        waitedInWindow += waited;
        bytesInWindow += received;
        if (waitedInWindow < windowNanos) {
            return;
        }
        BigDecimal floor = BigDecimal.valueOf(deadlines.minRate())
                .multiply(BigDecimal.valueOf(deadlines.rateWindow().toMillis(), 3));
        if (BigDecimal.valueOf(bytesInWindow).compareTo(floor) < 0) {
            cancel();
            throw new TransferException(url, -1, "GET " + url + ": " + bytesInWindow + " bytes in "
                    + Deadlines.seconds(deadlines.rateWindow()) + ", below the minimum of " + deadlines.minRate()
                    + " bytes/s (--min-rate)");
        }
        waitedInWindow = 0;
        bytesInWindow = 0;
    }

    private static String describe(Throwable cause) {
        String m = cause.getMessage();
        return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
    }

    /** Stops the body; the HTTP client then drops the connection. */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        pending.clear();
    }
}
