package io.osimg.install.contract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Runs the image's install script inside the target; {@link #chroot()} does it for real. */
public interface ScriptRunner {

    /**
     * Runs {@code script} (absolute inside the target, e.g. {@code /install.sh}) with {@code root} as its root
     * directory, passing each line of its output (stdout and stderr) to {@code output} as it comes.
     *
     * @return the exit code
     * @throws IOException when it cannot be started or its output cannot be read
     */
    int run(Path root, String script, Consumer<String> output) throws IOException;

    /** {@code chroot ROOT SCRIPT} in a child process as uid 0, gid 0 (the JVM never changes its own root). */
    static ScriptRunner chroot() {
        return new ChrootScriptRunner(ChrootScriptRunner.findChroot());
    }
}
