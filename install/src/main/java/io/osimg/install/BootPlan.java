package io.osimg.install;

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

    /** The plan as three lines, {@code kernel: ...}, {@code initrd: ...}, {@code cmdline: ...}. */
    public String describe() {
        return "kernel: " + kernel + "\ninitrd: " + (initrd == null ? "" : initrd) + "\ncmdline: " + cmdline + "\n";
    }
}
