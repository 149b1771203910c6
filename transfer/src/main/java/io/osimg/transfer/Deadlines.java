package io.osimg.transfer;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How long one request may take at each stage before it counts as failed (and is retried, resumed or failed over
 * like any other failure, within {@link TransferOptions#maxAttempts()}). The CLI's options of the same names set
 * them, and the messages name those options.
 *
 * @param connect    {@code --connect-timeout}: the TCP (and TLS) connection must be up within this
 * @param firstByte  {@code --first-byte-timeout}: the response headers must have arrived this long after the request
 * @param idle       {@code --idle-timeout}: the longest wait for the next byte of the body
 * @param minRate    {@code --min-rate}: bytes per second the body must arrive at, at least, over each
 *                   {@code rateWindow} of time spent waiting for it (time the reader spends elsewhere, writing to
 *                   disk say, does not count); 0 switches the check off. Catches a server that drips bytes just
 *                   often enough for the idle timeout
 * @param rateWindow the stretch of waiting over which {@code minRate} is judged
 */
public record Deadlines(Duration connect, Duration firstByte, Duration idle, long minRate, Duration rateWindow) {

    public Deadlines {
        positive("connect", connect);
        positive("firstByte", firstByte);
        positive("idle", idle);
        positive("rateWindow", rateWindow);
        if (minRate < 0) {
            throw new IllegalArgumentException("minRate must not be negative, got " + minRate);
        }
    }

    /** Connect within 10 s, headers within 30 s, no silence of 30 s, at least 1 KiB/s over each 60 s. */
    public static Deadlines defaults() {
        return new Deadlines(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), 1024,
                Duration.ofSeconds(60));
    }

    public Deadlines withConnect(Duration d) {
        return new Deadlines(d, firstByte, idle, minRate, rateWindow);
    }

    public Deadlines withFirstByte(Duration d) {
        return new Deadlines(connect, d, idle, minRate, rateWindow);
    }

    public Deadlines withIdle(Duration d) {
        return new Deadlines(connect, firstByte, d, minRate, rateWindow);
    }

    public Deadlines withMinRate(long bytesPerSecond, Duration window) {
        return new Deadlines(connect, firstByte, idle, bytesPerSecond, window);
    }

    /** A duration as a message gives it: {@code "30 s"}, {@code "0.5 s"}. */
    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    @Override
    public String toString() {
        return "Deadlines[connect=" + seconds(connect) + ", firstByte=" + seconds(firstByte) + ", idle=" + seconds(idle)
                + ", minRate=" + minRate + " B/s over " + seconds(rateWindow) + "]";
    }
}
