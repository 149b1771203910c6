package io.osimg.transfer;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with a cap and jitter: the pause after the n-th failure in a row is
 * {@code min(max, initial * 2^(n-1))}, shortened by a random fraction of at most {@code jitter}.
 * Pauses therefore lie within {@code [base * (1 - jitter), base]} and never exceed the cap.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;

    /** @param random yields values in [0, 1) */
    public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
        }
        this.jitter = jitter;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The cap-limited pause before jitter, for the given number of failures in a row (at least 1). */
    public Duration base(int failuresInRow) {
        if (failuresInRow < 1) {
            throw new IllegalArgumentException("failuresInRow must be at least 1, got " + failuresInRow);
        }
        long nanos = initial.toNanos();
        long cap = max.toNanos();
        for (int i = 1; i < failuresInRow && nanos < cap; i++) {
            nanos = nanos > cap / 2 ? cap : nanos * 2;
        }
        return Duration.ofNanos(Math.min(nanos, cap));
    }

    /** The pause to take after the given number of failures in a row (at least 1). */
    public Duration delay(int failuresInRow) {
        long base = base(failuresInRow).toNanos();
        double factor = 1.0 - jitter * random.getAsDouble();
        return Duration.ofNanos(Math.round(base * factor));
    }
}
