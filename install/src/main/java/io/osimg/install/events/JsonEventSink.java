package io.osimg.install.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;

/**
 * A sink that turns every event into its JSON object ({@link EventJson}) and hands it to {@link #emit}: the one
 * mapping of events to JSON for the sinks that differ only in where the objects go.
 */
abstract class JsonEventSink implements EventSink {
    protected final EventJson json;

    JsonEventSink(Clock clock) {
        this.json = new EventJson(clock);
    }

    /** Sends or writes one event object. */
    abstract void emit(ObjectNode event);

    @Override
    public void phaseStarted(Phase phase) {
        emit(json.started(phase));
    }

    @Override
    public void phaseFinished(Phase phase, Duration took, String error) {
        emit(json.finished(phase, took, error));
    }

    @Override
    public void progress(Phase phase, long done, long total, double bytesPerSecond, Duration eta) {
        emit(json.progress(phase, done, total, bytesPerSecond, eta));
    }

    @Override
    public void log(Phase phase, String line) {
        emit(json.log(phase, line));
    }

    @Override
    public void warning(String message) {
        emit(json.warning(message));
    }

    @Override
    public void result(Outcome outcome) {
        emit(json.result(outcome));
    }
}
