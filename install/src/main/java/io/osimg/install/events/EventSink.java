package io.osimg.install.events;

import java.time.Duration;

/**
 * Where an installation reports what it does: a progress bar on a terminal, JSON lines, an HTTP endpoint.
 * Implementations must be thread-safe; they must not throw (a broken sink never fails an installation).
 */
public interface EventSink {

    /** A phase begins. */
    default void phaseStarted(Phase phase) {}

    /** A phase ended, successfully or not ({@code error} null on success). */
    default void phaseFinished(Phase phase, Duration took, String error) {}

    /**
     * Progress within a phase.
     *
     * @param done bytes done
     * @param total bytes in all, -1 when not known
     * @param bytesPerSecond measured rate
     * @param eta remaining time, null when not known
     */
    default void progress(Phase phase, long done, long total, double bytesPerSecond, Duration eta) {}

    /** A line of output, e.g. of the image's install.sh. */
    default void log(Phase phase, String line) {}

    /** Something worth knowing that does not stop the installation. */
    default void warning(String message) {}

    /** How the installation ended: the last event, sent once, on success and on failure. */
    default void result(Outcome outcome) {}

    EventSink NONE = new EventSink() {};
}
