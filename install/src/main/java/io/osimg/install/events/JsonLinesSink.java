package io.osimg.install.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;
import java.time.Clock;
import java.util.Objects;

/**
 * {@code --events json}: one JSON object per line ({@link EventJson} describes the fields), flushed after each
 * line so a reader sees events as they happen. A write error is remembered once and further events dropped:
 * the installation goes on.
 */
public final class JsonLinesSink extends JsonEventSink implements AutoCloseable {

    private final Writer out;
    private final boolean closeOut;
    private boolean broken;

    /**
     * @param out      where lines go (standard output or a file)
     * @param closeOut whether {@link #close()} closes {@code out} (false for standard output)
     */
    public JsonLinesSink(OutputStream out, boolean closeOut, Clock clock) {
        super(clock);
        this.out = new OutputStreamWriter(Objects.requireNonNull(out, "out"), StandardCharsets.UTF_8);
        this.closeOut = closeOut;
    }

    public JsonLinesSink(OutputStream out, boolean closeOut) {
        this(out, closeOut, Clock.systemUTC());
    }

    @Override
    synchronized void emit(ObjectNode event) {
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
