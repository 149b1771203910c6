package io.osimg.cli;

import io.osimg.transfer.Deadlines;
import io.osimg.transfer.TransferOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The transfer deadlines ({@link Deadlines}) and the attempt budget on the command line of every command that
 * downloads: a request that misses a deadline fails naming the URL and the option, and is retried (resumed, failed
 * over) like any other failure until {@code --attempts} requests were made.
 */
final class TransferLimits {

    private static final Deadlines DEFAULTS = Deadlines.defaults();

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = Quantities.DurationConverter.class,
            description = "give up a connection attempt (TCP and TLS) after this long (default: 10s)")
    Duration connect = DEFAULTS.connect();

    @Option(names = "--first-byte-timeout", paramLabel = "DURATION", converter = Quantities.DurationConverter.class,
            description = "give up a request whose response headers have not arrived after this long (default: 30s)")
    Duration firstByte = DEFAULTS.firstByte();

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = Quantities.DurationConverter.class,
            description = "give up a download that delivers no byte for this long (default: 30s)")
    Duration idle = DEFAULTS.idle();

    @Option(names = "--min-rate", paramLabel = "SIZE", converter = Quantities.SizeConverter.class,
            description = "give up a download slower than this many bytes per second over --min-rate-window of "
                    + "waiting for it, e.g. a server dripping bytes; 0 = no minimum (default: 1K)")
    long minRate = DEFAULTS.minRate();

    @Option(names = "--min-rate-window", paramLabel = "DURATION", converter = Quantities.DurationConverter.class,
            description = "the stretch of waiting over which --min-rate is judged (default: 60s)")
    Duration rateWindow = DEFAULTS.rateWindow();

    @Option(names = "--attempts", paramLabel = "N",
            description = "requests per file at most, across resumes and mirrors (default: 10)")
    int attempts = TransferOptions.defaults().maxAttempts();

    /** The deadlines given; a zero or negative duration is bad input naming its option. */
    Deadlines deadlines() {
        positive("--connect-timeout", connect);
        positive("--first-byte-timeout", firstByte);
        positive("--idle-timeout", idle);
        positive("--min-rate-window", rateWindow);
        return new Deadlines(connect, firstByte, idle, minRate, rateWindow);
    }

    /** {@code options} with these deadlines and attempts; a count below 1 is bad input. */
    TransferOptions applyTo(TransferOptions options) {
        if (attempts < 1) {
            throw new IllegalArgumentException("--attempts must be at least 1, got " + attempts);
        }
        return options.withDeadlines(deadlines()).withMaxAttempts(attempts);
    }

    private static void positive(String option, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option + " must be positive, got " + d);
        }
    }
}
