package io.osimg.install.contract;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the install script as {@code chroot ROOT SCRIPT} in a child process: the change of root happens in the
 * child, the JVM keeps its own. The child inherits uid 0 and gid 0 from this process, which must therefore run
 * as root; its environment is exactly {@link #ENVIRONMENT}, its stdin {@code /dev/null}, its stderr merged into
 * its stdout.
 */
final class ChrootScriptRunner implements ScriptRunner {

    /** The whole environment of the script. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME", "/root",
            "LANG", "C.UTF-8");

    private static final List<String> CHROOT_LOCATIONS = List.of("/usr/sbin/chroot", "/sbin/chroot", "/usr/bin/chroot",
            "/bin/chroot");

    private final Path chroot;

    ChrootScriptRunner(Path chroot) {
        this.chroot = chroot;
    }

    /** The installer's chroot program, the first of the usual places that has one. */
    static Path findChroot() {
        return CHROOT_LOCATIONS.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .orElse(Path.of(CHROOT_LOCATIONS.getFirst()));
    }

    @Override
    public int run(Path root, String script, Consumer<String> output) throws IOException {
        requireRoot(root, script);
        if (!Files.isExecutable(chroot)) {
            throw new IOException("running " + script + " in " + root + ": no chroot program at " + chroot);
        }
        ProcessBuilder pb = new ProcessBuilder(chroot.toString(), root.toString(), script)
                .directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(ENVIRONMENT);
        Process process = pb.start();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.accept(line);
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IOException("running " + script + " in " + root + ": reading its output failed", e);
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("running " + script + " in " + root + ": interrupted", e);
        }
    }

    private static void requireRoot(Path root, String script) throws IOException {
        Path self = Path.of("/proc/self");
        int uid = (Integer) Files.getAttribute(self, "unix:uid");
        int gid = (Integer) Files.getAttribute(self, "unix:gid");
        if (uid != 0 || gid != 0) {
            throw new IOException("running " + script + " in " + root + ": needs uid 0 and gid 0 (chroot and the"
                    + " script run as root), but this process runs as uid " + uid + " gid " + gid);
        }
    }
}
