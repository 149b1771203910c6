package io.osimg.install.events;

import io.osimg.transfer.TerminalProgress;
import java.time.Duration;

/**
 * An installation's events on the terminal, drawn by the command line's one renderer ({@link TerminalProgress}): each
 * phase a task named by its label, the script's lines as {@code <phase>| <line>}, warnings as {@code warning: ...}.
 */
public final class TerminalEvents implements EventSink {

    private final TerminalProgress terminal;

    public TerminalEvents(TerminalProgress terminal) {
        this.terminal = terminal;
    }

    /** On standard error, drawing when it is a terminal. */
    public static TerminalEvents onStderr() {
        return new TerminalEvents(TerminalProgress.onStderr());
    }

    @Override
    public void phaseStarted(Phase phase) {
        terminal.started(phase.label());
    }

    @Override
    public void progress(Phase phase, long done, long total, double bytesPerSecond, Duration eta) {
        terminal.progress(phase.label(), done, total, bytesPerSecond, eta);
    }

    @Override
    public void phaseFinished(Phase phase, Duration took, String error) {
        terminal.finished(phase.label(), took, error);
    }

    @Override
    public void log(Phase phase, String line) {
        terminal.line(phase.label() + "| " + line);
    }

    @Override
    public void warning(String message) {
        terminal.line("warning: " + message);
    }
}
