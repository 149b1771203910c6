package io.osimg.install.contract;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the install script in a child process tree that cannot outlive the installer and whose mounts nobody else
 * sees (util-linux):
 *
 * <pre>
 * setpriv --pdeathsig KILL -- unshare --mount --propagation private --pid --fork --kill-child -- \
 *     sh -c 'mount ...; ...; chroot ROOT SCRIPT'
 * </pre>
 *
 * <ul>
 *   <li>{@code unshare --mount --propagation private}: a mount namespace of its own whose mounts do not propagate
 *       back, so proc, sysfs, the bind of /dev (and efivarfs) exist only there and are gone when its last process
 *       exits, whichever way it exits;</li>
 *   <li>{@code --pid --fork}: the shell is process 1 of a PID namespace and the script its child; when the shell
 *       exits (with the script's exit code) the kernel kills whatever the script left running, so nothing keeps
 *       the namespace (and the target) busy. The script is not process 1 itself: its {@code /proc} (mounted in
 *       the namespace) agrees with {@code getpid}, and {@code /proc/1/root} is not its root, so it finds itself in
 *       a chroot the way {@code ischroot} and systemd tell, as under metal-hammer;</li>
 *   <li>{@code --kill-child} and {@code setpriv --pdeathsig KILL}: SIGKILL to unshare when the installer's
 *       thread that started it dies (also by SIGKILL), and to the script tree when unshare dies.</li>
 * </ul>
 *
 * The change of root happens in the child, the JVM keeps its own. The child inherits uid 0 and gid 0 from this
 * process, which must therefore run as root; its environment is exactly {@link #ENVIRONMENT}, its stdin
 * {@code /dev/null}, its stderr merged into its stdout. The shell prints {@link #READY} after the last mount:
 * when the child ends before that line, a mount failed, which is not the script's exit code. The exit code
 * of the script is the shell's, 128 + N when a signal N ended it.
 */
final class ChrootScriptRunner implements ScriptRunner {

    /** The whole environment of the script. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME", "/root",
            "LANG", "C.UTF-8");

    static final String READY = "osimg: special file systems mounted, running the script";

    /** Arguments: MOUNT CHROOT ROOT SCRIPT, then TYPE OPTIONS SOURCE TARGET per mount. */
    private static final String IN_NAMESPACE = """
            set -e
            mount=$1 chroot=$2 root=$3 script=$4
            shift 4
            while [ $# -gt 0 ]; do
                "$mount" -t "$1" -o "$2" "$3" "$root/$4" || { rc=$?; echo "mounting $3 on $root/$4 failed"; exit $rc; }
                echo "mounted $3 on $root/$4"
                shift 4
            done
            echo '%s'
            set +e
            "$chroot" "$root" "$script"
            exit $?
            """.formatted(READY);

    /** The util-linux and coreutils programs the runner needs, absolute. */
    record Programs(Path setpriv, Path unshare, Path sh, Path mount, Path chroot) {

        private static final List<String> DIRECTORIES = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

        /** Each program from the first of the usual directories that has it (the first directory when none). */
        static Programs find() {
            return new Programs(find("setpriv"), find("unshare"), find("sh"), find("mount"), find("chroot"));
        }

        private static Path find(String name) {
            return DIRECTORIES.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst()
                    .orElse(Path.of(DIRECTORIES.getFirst(), name));
        }

        List<Path> all() {
            return List.of(setpriv, unshare, sh, mount, chroot);
        }
    }

    private final Programs programs;

    ChrootScriptRunner(Programs programs) {
        this.programs = programs;
    }

    @Override
    public int run(Path root, String script, List<SpecialMount> mounts, Consumer<String> output) throws IOException {
        requireRoot(root, script);
        for (Path program : programs.all()) {
            if (!Files.isExecutable(program)) {
                throw new IOException("running " + script + " in " + root + ": no " + program.getFileName()
                        + " program at " + program + " (util-linux and coreutils are needed)");
            }
        }
        ProcessBuilder pb = new ProcessBuilder(command(root, script, mounts))
                .directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(ENVIRONMENT);
        Process process = pb.start();
        boolean ready = false;
        List<String> mountErrors = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!ready && line.equals(READY)) {
                    ready = true;
                    continue;
                }
                if (!ready && !line.startsWith("mounted ") && !line.isBlank()) {
                    mountErrors.add(line.strip());
                }
                output.accept(line);
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IOException("running " + script + " in " + root + ": reading its output failed", e);
        }
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("running " + script + " in " + root + ": interrupted", e);
        }
        if (!ready) {
            throw new IOException("mounting the special file systems in " + root + " for " + script + " failed (exit "
                    + exit + ")" + (mountErrors.isEmpty() ? "" : ": " + String.join("; ", mountErrors)));
        }
        return exit;
    }

    private List<String> command(Path root, String script, List<SpecialMount> mounts) {
        List<String> command = new ArrayList<>(List.of(programs.setpriv().toString(), "--pdeathsig", "KILL", "--",
                programs.unshare().toString(), "--mount", "--propagation", "private", "--pid", "--fork",
                "--kill-child", "--",
                programs.sh().toString(), "-c", IN_NAMESPACE, "sh",
                programs.mount().toString(), programs.chroot().toString(), root.toString(), script));
        for (SpecialMount m : mounts) {
            command.addAll(List.of(m.mountType(), m.mountOptions(), m.source(), m.target()));
        }
        return command;
    }

    private static void requireRoot(Path root, String script) throws IOException {
        Path self = Path.of("/proc/self");
        int uid = (Integer) Files.getAttribute(self, "unix:uid");
        int gid = (Integer) Files.getAttribute(self, "unix:gid");
        if (uid != 0 || gid != 0) {
            throw new IOException("running " + script + " in " + root + ": needs uid 0 and gid 0 (the namespaces, "
                    + "the mounts, chroot and the script run as root), but this process runs as uid " + uid + " gid "
                    + gid);
        }
    }
}
