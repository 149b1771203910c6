package io.osimg.install.contract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Runs the image's install script inside the target; {@link #chroot()} does it for real. */
public interface ScriptRunner {

    /**
     * Mounts {@code mounts} in order under {@code root}, where only the script sees them, then runs {@code script}
     * (absolute inside the target, e.g. {@code /install.sh}) with {@code root} as its root directory, passing each
     * line of its output (stdout and stderr) to {@code output} as it comes. The mounts end with the script; none
     * is ever visible in the installer's mount namespace.
     *
     * @param mounts the kernel file systems the script needs; their mount points exist in {@code root} as
     *               directories (the caller made sure, without following symbolic links), but for those inside
     *               an earlier mount of the list
     * @return the exit code of the script
     * @throws IOException when it cannot be started, a mount fails, or its output cannot be read
     */
    int run(Path root, String script, List<SpecialMount> mounts, Consumer<String> output) throws IOException;

    /**
     * The script in a child process tree of its own, as uid 0, gid 0: a new mount namespace (propagation private)
     * and PID namespace, where the mounts are made and {@code chroot ROOT SCRIPT} runs (the JVM never changes its
     * own root). When this process dies, even by SIGKILL, the whole tree is killed and the mounts go with it.
     */
    static ScriptRunner chroot() {
        return new ChrootScriptRunner(ChrootScriptRunner.Programs.find());
    }
}
