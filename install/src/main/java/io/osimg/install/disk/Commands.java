package io.osimg.install.disk;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the external tools of disk preparation ({@code sgdisk}, {@code mkfs.*}, {@code blkid}, {@code mount}, ...):
 * captures stdout and stderr, and turns a non-zero exit into a {@link CommandException} naming the command and
 * its stderr. Tools are looked up on {@code PATH} and in the sbin directories, which a non-login root shell may lack.
 */
public class Commands {

    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    /** What a command printed. */
    public record Output(String stdout, String stderr) {
    }

    /** Runs a command, failing on a non-zero exit. */
    public Output run(String... command) throws IOException {
        return run(List.of(command));
    }

    /** Runs a command, failing on a non-zero exit. */
    public Output run(List<String> command) throws IOException {
        List<String> argv = new ArrayList<>(command);
        argv.set(0, resolve(argv.getFirst()));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new CommandException(command, e);
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        String out = drain(p.getInputStream());
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(String.join(" ", command) + ": interrupted");
        }
        String stderr = err.join();
        if (code != 0) {
            throw new CommandException(command, code, stderr);
        }
        return new Output(out, stderr);
    }

    /** Runs a command and returns its stdout without the trailing newline. */
    public String output(String... command) throws IOException {
        return run(command).stdout().strip();
    }

    /** True when the tool is found on {@code PATH} or in an sbin directory. */
    public boolean available(String tool) {
        return !resolve(tool).equals(tool) || tool.contains("/") && Files.isExecutable(Path.of(tool));
    }

    private static String resolve(String tool) {
        if (tool.contains("/")) {
            return tool;
        }
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SBIN);
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toString();
            }
        }
        return tool;
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
