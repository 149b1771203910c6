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
 */
public record HostEnvironment(Path procCmdline, Path efiDir, Clock clock, Path lvmlocalSource) {

    public HostEnvironment {
        Objects.requireNonNull(procCmdline, "procCmdline");
        Objects.requireNonNull(efiDir, "efiDir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lvmlocalSource, "lvmlocalSource");
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
                Path.of("/etc/lvm/lvmlocal.conf"));
    }
}
