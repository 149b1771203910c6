package io.osimg.install;

import io.osimg.install.events.EventSink;
import io.osimg.install.events.Phase;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Reports phases to an {@link EventSink} with their durations; remembers which are open so a failure closes them. */
final class PhaseClock {

    private final EventSink events;
    private final LongSupplier nanoTime;
    private final Map<Phase, Long> open = new EnumMap<>(Phase.class);

    PhaseClock(EventSink events, LongSupplier nanoTime) {
        this.events = events;
        this.nanoTime = nanoTime;
    }

    synchronized void start(Phase phase) {
        open.put(phase, nanoTime.getAsLong());
        events.phaseStarted(phase);
    }

    synchronized void finish(Phase phase) {
        end(phase, null);
    }

    /** Ends every open phase as failed with {@code error}. */
    synchronized void failAll(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        for (Phase p : Map.copyOf(open).keySet().stream().sorted().toList()) {
            end(p, message);
        }
    }

    private void end(Phase phase, String error) {
        Long started = open.remove(phase);
        if (started != null) {
            events.phaseFinished(phase, Duration.ofNanos(nanoTime.getAsLong() - started), error);
        }
    }
}
