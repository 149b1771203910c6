package io.osimg.transfer;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Fetcher} talks to HTTP servers.
 *
 * @param deadlines      how long each stage of a request may take (connect, headers, silence, minimum rate)
 * @param maxAttempts    the total number of requests one download may make, across resumes and mirrors
 * @param initialBackoff the pause before the first retry; it doubles with each failure in a row
 * @param maxBackoff     the cap on the pause between two attempts
 * @param jitter         the fraction (0..1) by which each pause is randomly shortened
 * @param userAgent      the {@code User-Agent} header sent with each request
 * @param caCertificates CA certificates trusted for HTTPS in addition to the JDK's default trust store
 *                       ({@link CaCertificates#read} reads them from PEM files); hostnames are verified either way
 */
public record TransferOptions(Deadlines deadlines, int maxAttempts,
                              Duration initialBackoff, Duration maxBackoff, double jitter, String userAgent,
                              List<X509Certificate> caCertificates) {

    public TransferOptions {
        Objects.requireNonNull(deadlines, "deadlines");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff (" + initialBackoff
                    + ") <= maxBackoff (" + maxBackoff + ")");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
        }
        if (userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must not be blank");
        }
        caCertificates = List.copyOf(Objects.requireNonNull(caCertificates, "caCertificates"));
    }

    /**
     * {@link Deadlines#defaults()}, 10 attempts, backoff 0.5 s doubling up to 30 s, 20 % jitter, the JDK's trust
     * store alone.
     */
    public static TransferOptions defaults() {
        return new TransferOptions(Deadlines.defaults(), 10,
                Duration.ofMillis(500), Duration.ofSeconds(30), 0.2, "osimg-transfer/0.1", List.of());
    }

    public TransferOptions withDeadlines(Deadlines d) {
        return new TransferOptions(d, maxAttempts,
                initialBackoff, maxBackoff, jitter, userAgent, caCertificates);
    }

    public TransferOptions withMaxAttempts(int n) {
        return new TransferOptions(deadlines, n,
                initialBackoff, maxBackoff, jitter, userAgent, caCertificates);
    }

    public TransferOptions withBackoff(Duration initial, Duration max) {
        return new TransferOptions(deadlines, maxAttempts,
                initial, max, jitter, userAgent, caCertificates);
    }

    public TransferOptions withJitter(double j) {
        return new TransferOptions(deadlines, maxAttempts,
                initialBackoff, maxBackoff, j, userAgent, caCertificates);
    }

    public TransferOptions withUserAgent(String ua) {
        return new TransferOptions(deadlines, maxAttempts,
                initialBackoff, maxBackoff, jitter, ua, caCertificates);
    }

    public TransferOptions withCaCertificates(List<X509Certificate> cas) {
        return new TransferOptions(deadlines, maxAttempts,
                initialBackoff, maxBackoff, jitter, userAgent, cas);
    }

    /** The settings, with the extra CAs by subject (their whole encoding says nothing in a log line). */
    @Override
    public String toString() {
        return "TransferOptions[deadlines=" + deadlines + ", maxAttempts="
                + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff + ", jitter=" + jitter + ", userAgent="
                + userAgent + ", caCertificates=" + caCertificates.stream()
                .map(c -> c.getSubjectX500Principal().getName()).toList() + "]";
    }
}
