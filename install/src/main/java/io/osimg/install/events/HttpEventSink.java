package io.osimg.install.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * {@code --events-url URL}: POSTs each event as a JSON object ({@link EventJson}) to an HTTP(S) endpoint, e.g. a
 * provisioning service watching the machine; the last one is the {@code result}. Events are queued (bounded) and
 * sent by one background thread, each request with a timeout; when the queue is full the event is dropped and
 * counted. An endpoint that is slow, down or answers with an error never slows down or fails the installation:
 * failures are counted, not thrown.
 */
public final class HttpEventSink extends JsonEventSink implements AutoCloseable {

    /** Events waiting to be sent at most. */
    public static final int DEFAULT_QUEUE = 256;
    /** How long one POST may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** A queue longer than this when the sink closes loses its progress events first. */
    static final int CLOSE_BACKLOG = 16;

    private static final ObjectNode STOP = new EventJson(Clock.systemUTC()).warning("stop");

    private final URI endpoint;
    private final Duration timeout;
    private final BlockingQueue<ObjectNode> queue;
    private final HttpClient client;
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    /** @param tls the trust for an https endpoint (e.g. with the CAs of {@code --ca-cert}), null for the JDK's default */
    public HttpEventSink(URI endpoint, SSLContext tls) {
        this(endpoint, DEFAULT_QUEUE, DEFAULT_TIMEOUT, Clock.systemUTC(), tls);
    }

    /**
     * @param tls the trust for an https endpoint, null for the JDK's default
     * @throws IllegalArgumentException if {@code endpoint} is not an absolute http(s) URL or the limits are not positive
     */
    public HttpEventSink(URI endpoint, int queueSize, Duration timeout, Clock clock, SSLContext tls) {
        super(clock);
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("--events-url: not an absolute http(s) URL: " + endpoint);
        }
        if (queueSize < 1 || timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("event sink: queue " + queueSize + " and timeout " + timeout + " must be positive");
        }
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
        this.sender = Thread.ofPlatform().daemon().name("osimg-events-http").start(this::sendLoop);
    }

    /** Events delivered with a 2xx answer. */
    public long sent() {
        return sent.get();
    }

    /** Events dropped because the queue was full (the endpoint too slow) or the sink closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Events whose POST failed (timeout, connection error, non-2xx answer). */
    public long failed() {
        return failed.get();
    }

    @Override
    void emit(ObjectNode event) {
        offer(event);
    }

    /** Queued like the others, but waits up to the request timeout for room: the one event a watcher needs most. */
    @Override
    public void result(Outcome outcome) {
        ObjectNode event = json.result(outcome);
        if (queue.remainingCapacity() == 0) {
            dropProgress();   // a full queue makes room for the result from stale progress, not by dropping it
        }
        try {
            if (closed || !queue.offer(event, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                dropped.incrementAndGet();
            }
        } catch (InterruptedException e) {
            dropped.incrementAndGet();
            Thread.currentThread().interrupt();
        }
    }

    private void offer(ObjectNode event) {
        if (closed || !queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    private void sendLoop() {
        while (true) {
            ObjectNode event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (event == STOP) {
                return;
            }
            post(event);
        }
    }

    private void post(ObjectNode event) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
                .build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            (status / 100 == 2 ? sent : failed).incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            failed.incrementAndGet();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends what is queued, waiting at most {@code grace} in all, then stops; events still queued after that are
     * counted as dropped. When more than {@link #CLOSE_BACKLOG} events are still queued, the progress events among
     * them are dropped first (counted too): once the result is known they are stale, and behind a slow endpoint (a
     * guest's forwarded network) they would keep the phases' ends and the result from going out within the grace.
     */
    public void close(Duration grace) {
        if (closed) {
            return;
        }
        closed = true;
        if (queue.size() > CLOSE_BACKLOG) {
            dropProgress();
        }
        try {
            if (!queue.offer(STOP, grace.toMillis(), TimeUnit.MILLISECONDS) || !sender.join(grace)) {
                sender.interrupt();
                sender.join(timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.interrupt();
        }
        for (ObjectNode left; (left = queue.poll()) != null; ) {
            if (left != STOP) {
                dropped.incrementAndGet();
            }
        }
        client.shutdownNow();
    }

    private void dropProgress() {
        int before = queue.size();
        if (queue.removeIf(e -> "progress".equals(e.path("event").asText(null)))) {
            dropped.addAndGet(Math.max(0, before - queue.size()));
        }
    }

    /** {@link #close(Duration)} with twice the request timeout. */
    @Override
    public void close() {
        close(timeout.multipliedBy(2));
    }

    @Override
    public String toString() {
        return "events to " + endpoint + ": " + sent() + " sent, " + dropped() + " dropped, " + failed() + " failed";
    }

}
