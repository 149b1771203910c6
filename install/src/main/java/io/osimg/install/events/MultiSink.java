package io.osimg.install.events;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Sends every event to each of several sinks; a sink that throws does not keep the others from their events. */
public final class MultiSink implements EventSink {

    private final List<EventSink> sinks;

    private MultiSink(List<EventSink> sinks) {
        this.sinks = sinks;
    }

    /** One sink for all of {@code sinks}: {@link EventSink#NONE} for none, the sink itself for one. */
    public static EventSink of(List<? extends EventSink> sinks) {
        List<EventSink> list = sinks.stream().filter(s -> s != null && s != EventSink.NONE).map(s -> (EventSink) s).toList();
        return switch (list.size()) {
            case 0 -> EventSink.NONE;
            case 1 -> list.getFirst();
            default -> new MultiSink(list);
        };
    }

    public static EventSink of(EventSink... sinks) {
        return of(List.of(sinks));
    }

    @Override
    public void phaseStarted(Phase phase) {
        each(s -> s.phaseStarted(phase));
    }

    @Override
    public void phaseFinished(Phase phase, Duration took, String error) {
        each(s -> s.phaseFinished(phase, took, error));
    }

    @Override
    public void progress(Phase phase, long done, long total, double bytesPerSecond, Duration eta) {
        each(s -> s.progress(phase, done, total, bytesPerSecond, eta));
    }

    @Override
    public void log(Phase phase, String line) {
        each(s -> s.log(phase, line));
    }

    @Override
    public void warning(String message) {
        each(s -> s.warning(message));
    }

    @Override
    public void result(Outcome outcome) {
        each(s -> s.result(outcome));
    }

    private void each(Consumer<EventSink> event) {
        for (EventSink s : sinks) {
            try {
                event.accept(s);
            } catch (RuntimeException ignored) {
                // a broken sink never fails an installation, nor silences the other sinks
            }
        }
    }
}
