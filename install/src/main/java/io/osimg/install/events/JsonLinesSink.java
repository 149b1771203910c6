package io.osimg.install.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code --events json}: one JSON object per line ({@link EventJson} describes the fields), flushed after each
 * line so a reader sees events as they happen. A write error is remembered once and further events dropped:
 * the installation goes on.
 */
public final class JsonLinesSink implements EventSink, AutoCloseable {

    private final Writer out;
    private final EventJson json;
    private final boolean closeOut;
    private boolean broken;

    /**
     * @param out      where lines go (standard output or a file)
     * @param closeOut whether {@link #close()} closes {@code out} (false for standard output)
     */
    public JsonLinesSink(OutputStream out, boolean closeOut, Clock clock) {
        this.out = new OutputStreamWriter(Objects.requireNonNull(out, "out"), StandardCharsets.UTF_8);
        this.json = new EventJson(clock);
        this.closeOut = closeOut;
    }

    public JsonLinesSink(OutputStream out, boolean closeOut) {
        this(out, closeOut, Clock.systemUTC());
    }

    @Override
    public void phaseStarted(Phase phase) {
        write(json.started(phase));
    }

    @Override
    public void phaseFinished(Phase phase, Duration took, String error) {
        write(json.finished(phase, took, error));
    }

    @Override
    public void progress(Phase phase, long done, long total, double bytesPerSecond, Duration eta) {
        write(json.progress(phase, done, total, bytesPerSecond, eta));
    }

    @Override
    public void log(Phase phase, String line) {
        write(json.log(phase, line));
    }

    @Override
    public void warning(String message) {
        write(json.warning(message));
    }

    @Override
    public void result(Outcome outcome) {
        write(json.result(outcome));
    }

    private synchronized void write(ObjectNode event) {
        if (broken) {
            return;
        }
        try {
            out.write(event.toString());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.flush();
            if (closeOut) {
                out.close();
            }
        } catch (IOException e) {
            if (!broken) {
                throw new UncheckedIOException("closing the JSON event stream", e);
            }
        }
    }
}
