package io.osimg.install.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The state of the installer's own system that the contract steps read, injected so tests run against
 * temporary files.
 *
 * @param procCmdline    the installer's kernel command line, {@code /proc/cmdline} (its {@code console=} goes
 *                       into install.yaml; a missing file means no command line)
 * @param efiDir         {@code /sys/firmware/efi}: when it exists the machine booted by EFI and efivarfs is
 *                       mounted into the target
 * @param clock          the time install.yaml is stamped with
 * @param lvmlocalSource the installer's {@code /etc/lvm/lvmlocal.conf}, copied into an image that has
 *                       {@code /etc/lvm}; may not exist
 * @param dmiDir         {@code /sys/class/dmi}: when it is missing the installer runs without firmware (a container
 *                       or a virtual environment), where osimg's OS installer does not demand EFI
 */
public record HostEnvironment(Path procCmdline, Path efiDir, Clock clock, Path lvmlocalSource, Path dmiDir) {

    /** With {@code dmiDir} beside {@code efiDir} as in sysfs ({@code firmware/efi} and {@code class/dmi}). */
    public HostEnvironment(Path procCmdline, Path efiDir, Clock clock, Path lvmlocalSource) {
        this(procCmdline, efiDir, clock, lvmlocalSource, sysfsSibling(efiDir));
    }

    private static Path sysfsSibling(Path efiDir) {
        Path firmware = efiDir.toAbsolutePath().getParent();
        Path sys = firmware == null ? null : firmware.getParent();
        return sys == null ? Path.of("/sys/class/dmi") : sys.resolve("class/dmi");
    }

    public HostEnvironment {
        Objects.requireNonNull(procCmdline, "procCmdline");
        Objects.requireNonNull(efiDir, "efiDir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lvmlocalSource, "lvmlocalSource");
        Objects.requireNonNull(dmiDir, "dmiDir");
    }

    /** The installer's kernel command line, null when {@code procCmdline} does not exist. */
    public String readCmdline() throws IOException {
        try {
            return Files.readString(procCmdline, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The real system: {@code /proc/cmdline}, {@code /sys/firmware/efi}, UTC, {@code /etc/lvm/lvmlocal.conf}. */
    public static HostEnvironment system() {
        return new HostEnvironment(Path.of("/proc/cmdline"), Path.of("/sys/firmware/efi"), Clock.systemUTC(),
                Path.of("/etc/lvm/lvmlocal.conf"), Path.of("/sys/class/dmi"));
    }
}
