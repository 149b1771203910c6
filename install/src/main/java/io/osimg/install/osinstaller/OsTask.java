package io.osimg.install.osinstaller;

import java.io.IOException;

/** One task of osimg's OS installer, named as metal-stack's os-installer names it ({@link TaskList#NAMES}). */
public interface OsTask {

    /** The task's name, one of {@link TaskList#NAMES}. */
    String name();

    /** Runs the task on the target; a failure names the file or the input that is wrong. */
    void run(OsTarget target) throws IOException;
}
