package io.osimg.store.http;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's connections and their limits: at most {@code max} open at once, a complete request head within the
 * header timeout, the next request of a kept-alive connection within the idle timeout.
 *
 * <p>Over the cap a new connection first makes room by closing the connection that has waited longest for a request
 * head (idle keep-alive connections, and slow or stalled heads: what a slowloris holds); only when every connection is
 * busy with a request is the new one refused with a short 503. So a server held at its cap by connections that send
 * nothing useful still answers new requests at once.
 */
final class Connections {

    /** Descriptors kept free of connections beyond those open at start: files being served, staged uploads. */
    static final int RESERVED_DESCRIPTORS = 64;
    /** The default cap is never larger than this, however high the descriptor limit (each connection costs heap). */
    static final int DEFAULT_MAX_CEILING = 16_384;

    private final int max;
    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong order = new AtomicLong();
    /** Connections waiting for a request head, oldest first. */
    private final ConcurrentSkipListMap<Long, ConnectionGuard> waiting = new ConcurrentSkipListMap<>();
    private final LongAdder refused;
    private final LongAdder evicted;
    private final LongAdder timedOut;

    Connections(int max, Duration headerTimeout, Duration idleTimeout, ServerMetrics metrics) {
        this.max = max;
        this.headerTimeout = headerTimeout;
        this.idleTimeout = idleTimeout;
        this.refused = metrics.counter("osimg_http_connections_refused_total",
                "Connections refused with 503 because the connection cap was reached and every connection was busy.");
        this.evicted = metrics.counter("osimg_http_connections_evicted_total",
                "Connections closed over the cap because they had waited longest for a request head.");
        this.timedOut = metrics.counter("osimg_http_connections_timed_out_total",
                "Connections closed because a request head or the next request did not arrive in time.");
        metrics.gauge("osimg_http_connections_open", "Open client connections.", open::get);
        metrics.gauge("osimg_http_connections_max", "The connection cap.", () -> max);
    }

    /**
     * The default cap: the process's descriptor limit less the descriptors open now (jars, event loops, the store)
     * less {@link #RESERVED_DESCRIPTORS} (or an eighth of the limit, when larger), at most
     * {@link #DEFAULT_MAX_CEILING}. So connections alone never exhaust the descriptors.
     */
    static int defaultMax() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return DEFAULT_MAX_CEILING;
        }
        long limit = unix.getMaxFileDescriptorCount();
        long free = limit - unix.getOpenFileDescriptorCount();
        return (int) Math.clamp(free - Math.max(RESERVED_DESCRIPTORS, limit / 8), 16, DEFAULT_MAX_CEILING);
    }

    int max() {
        return max;
    }

    Duration headerTimeout() {
        return headerTimeout;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    /** A new connection: true when it may stay (perhaps after evicting another), false to refuse it. */
    boolean admit() {
        if (open.incrementAndGet() <= max) {
            return true;
        }
        Map.Entry<Long, ConnectionGuard> oldest = waiting.pollFirstEntry();
        if (oldest != null) {
            evicted.increment();
            oldest.getValue().evict();
            return true;
        }
        open.decrementAndGet();
        refused.increment();
        return false;
    }

    /** An admitted connection closed. */
    void closed() {
        open.decrementAndGet();
    }

    /** The connection now waits for a request head; returns its place in the eviction order. */
    long waiting(ConnectionGuard guard) {
        long place = order.incrementAndGet();
        waiting.put(place, guard);
        return place;
    }

    void notWaiting(long place) {
        waiting.remove(place);
    }

    void timedOut() {
        timedOut.increment();
    }
}
