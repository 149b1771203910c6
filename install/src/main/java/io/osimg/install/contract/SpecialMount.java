package io.osimg.install.contract;

import io.osimg.archive.posix.Mounts;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel file system mounted into the target while its install script runs (in the script's own mount
 * namespace, see {@link ScriptRunner#chroot()}).
 *
 * @param source the mount source ({@code proc}, or the host directory of a bind mount)
 * @param fstype the file system type, null for a bind mount
 * @param flags  {@code MS_*} flags
 * @param target the mount point relative to the target root, e.g. {@code sys/firmware/efi/efivars}
 */
public record SpecialMount(String source, String fstype, long flags, String target) {

    private static final long SAFE = Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC;

    /** {@code proc} on {@code proc}. */
    public static final SpecialMount PROC = new SpecialMount("proc", "proc", SAFE, "proc");
    /** {@code sysfs} on {@code sys}. */
    public static final SpecialMount SYS = new SpecialMount("sysfs", "sysfs", SAFE, "sys");
    /**
     * The installer's {@code /dev} bound (not recursively, as metal-hammer does) on {@code dev}: the disks the
     * installer partitioned are visible to the script under their usual names, which a fresh devtmpfs would also
     * give but a bind keeps identical to what the installer sees.
     */
    public static final SpecialMount DEV = new SpecialMount("/dev", null, Mounts.MS_BIND, "dev");
    /**
     * A {@code tmpfs} on {@code tmp}, without options as metal-hammer mounts it: the script's temporary files end
     * with its mount namespace instead of staying in the installed system.
     */
    public static final SpecialMount TMP = new SpecialMount("tmpfs", "tmpfs", 0, "tmp");
    /** {@code efivarfs} on {@code sys/firmware/efi/efivars}, on EFI machines only (inside the sysfs mount). */
    public static final SpecialMount EFIVARS = new SpecialMount("efivarfs", "efivarfs", SAFE, "sys/firmware/efi/efivars");

    /** The type as {@code mount -t} takes it: {@code none} for a bind mount. */
    String mountType() {
        return fstype == null ? "none" : fstype;
    }

    /** The flags as {@code mount -o} takes them, e.g. {@code nosuid,nodev,noexec} or {@code bind}. */
    String mountOptions() {
        if ((flags & ~(Mounts.MS_BIND | SAFE)) != 0) {
            throw new IllegalStateException("mount flags of " + target + " have no mount(8) option: " + flags);
        }
        List<String> options = new ArrayList<>();
        option(options, Mounts.MS_BIND, "bind");
        option(options, Mounts.MS_NOSUID, "nosuid");
        option(options, Mounts.MS_NODEV, "nodev");
        option(options, Mounts.MS_NOEXEC, "noexec");
        return options.isEmpty() ? "defaults" : String.join(",", options);
    }

    private void option(List<String> options, long flag, String name) {
        if ((flags & flag) != 0) {
            options.add(name);
        }
    }
}
