package io.osimg.install.disk;

import java.io.IOException;
import java.util.List;

/** An external command exited non-zero (or could not be started); the message names the command and its stderr. */
public final class CommandException extends IOException {

    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    CommandException(List<String> command, int exitCode, String stderr) {
        super(String.join(" ", command) + ": exit " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    CommandException(List<String> command, IOException cause) {
        super(String.join(" ", command) + ": cannot be started: " + cause.getMessage(), cause);
        this.command = List.copyOf(command);
        this.exitCode = -1;
        this.stderr = "";
    }

    public List<String> command() {
        return command;
    }

    /** The exit code, -1 when the command could not be started. */
    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
