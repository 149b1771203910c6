package io.osimg.install;

import io.osimg.install.events.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What to kexec: host paths of the kernel and initrd (inside the installed root) and the command line, from the
 * image's boot-info.yaml.
 *
 * @param kernel  the kernel file
 * @param initrd  the initrd file, null when the image has none
 * @param cmdline the kernel command line, {@code ""} for none
 */
public record BootPlan(Path kernel, Path initrd, String cmdline) {

    public BootPlan {
        Objects.requireNonNull(kernel, "kernel");
        cmdline = cmdline == null ? "" : cmdline;
    }

    /**
     * Copies kernel and initrd into {@code dir} (created when missing) as {@code kernel} and {@code initrd}, for a
     * kexec after the installed disks are unmounted. The paths come from {@code Installer} already resolved inside
     * the image and free of symbolic links; a link found now is refused, never followed.
     */
    public BootPlan copyTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path k = copy(kernel, dir.resolve("kernel"), "kernel");
        Path i = initrd == null ? null : copy(initrd, dir.resolve("initrd"), "initrd");
        return new BootPlan(k, i, cmdline);
    }

    private static Path copy(Path source, Path copy, String what) throws IOException {
        try (InputStream in = Files.newInputStream(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("copying the " + what + " " + source + " to " + copy + ": " + e.getMessage(), e);
        }
        return copy;
    }

    /** The plan for the {@code result} event. */
    public Outcome.Boot toOutcome() {
        return new Outcome.Boot(kernel.toString(), initrd == null ? null : initrd.toString(), cmdline);
    }

    /** The plan as three lines, {@code kernel: ...}, {@code initrd: ...}, {@code cmdline: ...}. */
    public String describe() {
        return "kernel: " + kernel + "\ninitrd: " + (initrd == null ? "" : initrd) + "\ncmdline: " + cmdline + "\n";
    }
}
