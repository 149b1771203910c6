package io.osimg.install.osinstaller;

import java.io.IOException;
import java.util.List;

/**
 * Runs the image's own programs ({@code useradd}, {@code chpasswd}, {@code grub-install}, ...) inside the target,
 * chrooted, with the kernel file systems mounted for them. {@link ChrootCommandRunner} does it for real.
 */
public interface ChrootCommands {

    /**
     * Runs {@code argv} (its first word looked up in the image's PATH) in the target with {@code stdin} as its
     * input (null for none) in the directory {@code workDir} of the target ({@code /} when null).
     *
     * @return its output (stdout and stderr)
     * @throws IOException naming the command, its exit code and the end of its output when it exits with another
     *                     code than 0, or when it cannot be started
     */
    String run(List<String> argv, String stdin, String workDir) throws IOException;

    /** {@link #run(List, String, String)} without input, in {@code /}. */
    default String run(String... argv) throws IOException {
        return run(List.of(argv), null, null);
    }

    /** No commands: every call fails (for tasks that need none). */
    ChrootCommands NONE = (argv, stdin, workDir) -> {
        throw new IOException("running " + String.join(" ", argv) + " in the target: no chroot commands here");
    };
}
