package io.osimg.install;

import io.osimg.install.events.EventSink;
import io.osimg.install.events.Phase;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Turns a growing byte count into progress events of one phase: at most ten a second plus a final one, with
 * the mean rate since the start and an ETA when the total is known. Thread-safe.
 */
final class RateMeter {

    private static final long INTERVAL = 100_000_000L;

    private final Phase phase;
    private final EventSink events;
    private final LongSupplier nanoTime;
    private final long start;
    private volatile long total;
    private long last;
    private long lastDone = -1;

    RateMeter(Phase phase, EventSink events, long total, LongSupplier nanoTime) {
        this.phase = phase;
        this.events = events;
        this.total = total;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.last = start - INTERVAL;
    }

    void total(long total) {
        this.total = total;
    }

    synchronized void update(long done) {
        long now = nanoTime.getAsLong();
        if (now - last >= INTERVAL) {
            emit(done, now);
        }
    }

    /** The last event, whether or not one was due. */
    synchronized void finish(long done) {
        if (done != lastDone) {
            emit(done, nanoTime.getAsLong());
        }
    }

    private void emit(long done, long now) {
        last = now;
        lastDone = done;
        double seconds = Math.max(1e-6, (now - start) / 1e9);
        double rate = done / seconds;
        long t = total;
        Duration eta = t >= 0 && rate > 0 ? Duration.ofMillis((long) (Math.max(0, t - done) / rate * 1000)) : null;
        events.progress(phase, done, t >= 0 ? Math.max(t, done) : -1, rate, eta);
    }
}
