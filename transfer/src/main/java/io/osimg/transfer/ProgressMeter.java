package io.osimg.transfer;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Turns byte counts into throttled {@link Progress} events with a smoothed rate and an ETA.
 * The rate is an exponentially weighted average of the rates measured between two events.
 */
final class ProgressMeter {

    static final long INTERVAL_MILLIS = 100;
    private static final double SMOOTHING = 0.3;

    private final Clock clock;
    private final ProgressListener listener;
    private long lastMillis;
    private long lastBytes;
    private double rate = -1;
    private boolean finished;

    ProgressMeter(Clock clock, ProgressListener listener, long startBytes) {
        this.clock = clock;
        this.listener = listener;
        this.lastMillis = clock.millis();
        this.lastBytes = startBytes;
    }

    /** Reports progress unless an event went out less than {@link #INTERVAL_MILLIS} ago. */
    void update(URI url, long done, long total, int attempt, long resumedFrom) {
        long now = clock.millis();
        if (finished || now - lastMillis < INTERVAL_MILLIS) {
            return;
        }
        sample(now, done);
        listener.onProgress(event(url, done, total, attempt, resumedFrom, false));
    }

    /** Reports the final event, once. */
    void finish(URI url, long done, long total, int attempt, long resumedFrom) {
        if (finished) {
            return;
        }
        long now = clock.millis();
        if (now > lastMillis) {
            sample(now, done);
        }
        finished = true;
        listener.onProgress(event(url, done, total, attempt, resumedFrom, true));
    }

    private void sample(long now, long done) {
        double measured = (done - lastBytes) * 1000.0 / (now - lastMillis);
        rate = rate < 0 ? measured : SMOOTHING * measured + (1 - SMOOTHING) * rate;
        lastMillis = now;
        lastBytes = done;
    }

    private Progress event(URI url, long done, long total, int attempt, long resumedFrom, boolean last) {
        double r = Math.max(0, rate);
        Duration eta = null;
        if (last) {
            eta = Duration.ZERO;
        } else if (total >= 0 && r > 0) {
            eta = Duration.ofMillis((long) Math.ceil(Math.max(0, total - done) * 1000.0 / r));
        }
        return new Progress(url, done, total, r, eta, attempt, resumedFrom, last);
    }
}
