package io.osimg.install.osinstaller;

import java.io.IOException;

/** A task of the OS installer failed; the install stops with the task's name and the reason. */
public class OsTaskException extends IOException {

    private final String task;

    public OsTaskException(String task, Throwable cause) {
        super("OS installer task '" + task + "' failed: " + cause.getMessage(), cause);
        this.task = task;
    }

    public OsTaskException(String task, String reason) {
        super("OS installer task '" + task + "' failed: " + reason);
        this.task = task;
    }

    /** The name of the task that failed. */
    public String task() {
        return task;
    }
}
