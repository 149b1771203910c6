package io.osimg.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Flow;

/**
 * Receives a response body from the HTTP client and hands it to one reading thread, one buffer at a time,
 * with a bound on how long a read may wait (the read timeout). It requests one batch of buffers at a time,
 * so at most a couple of batches are held in memory.
 */
final class BodyQueue implements Flow.Subscriber<List<ByteBuffer>> {

    private record Failure(Throwable cause) { }

    private static final Object END = new Object();

    private final URI url;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Deque<ByteBuffer> pending = new ArrayDeque<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private boolean ended;

    BodyQueue(URI url) {
        this.url = url;
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
     * @throws TransferException if no byte arrives within {@code timeout} or the connection fails
     */
    ByteBuffer next(Duration timeout) throws IOException {
        while (pending.isEmpty()) {
            if (ended) {
                return null;
            }
            Object item;
            try {
                item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new InterruptedIOException("reading the body of " + url + ": interrupted");
            }
            if (item == null) {
                cancel();
                throw new TransferException(url, -1, "reading the body of " + url + ": no data for "
                        + timeout.toMillis() + " ms (read timeout)");
            }
            if (item == END) {
                ended = true;
            } else if (item instanceof Failure f) {
                ended = true;
                throw new TransferException(url, -1, "reading the body of " + url + ": " + f.cause(), f.cause());
            } else {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                for (ByteBuffer b : buffers) {
                    if (b.hasRemaining()) {
                        pending.add(b);
                    }
                }
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
            }
        }
        return pending.poll();
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
