package io.osimg.install.osinstaller;

import io.osimg.core.install.MachineDetails;
import java.io.IOException;

/**
 * The kernel command line os-installer builds: the console and root of machine-details.yaml, the init, stable
 * interface names off, a long NVMe timeout; with {@code raidenabled} and the root on an md array also
 * {@code rdloaddriver=raid0 rdloaddriver=raid1 rd.md.uuid=<the root array's UUID>} (what dracut needs to assemble
 * it; Debian's initramfs-tools assembles the arrays of its mdadm.conf and ignores them).
 */
final class InstalledCmdline {

    private InstalledCmdline() {
    }

    /**
     * The line for the target; the root array's UUID is asked from the image's {@code blkid} and {@code mdadm},
     * chrooted (the installer's /dev and /sys are mounted there).
     *
     * @throws IllegalArgumentException when the root UUID is missing
     * @throws IOException              when {@code raidenabled} and no device has the root's UUID, or mdadm names no
     *                                  array UUID for the root's md device
     */
    static String of(OsTarget target) throws IOException {
        MachineDetails details = target.details();
        String line = base(details);
        if (!details.raidEnabled()) {
            return line;
        }
        String device = target.chroot().run("blkid", "-U", details.rootUuid()).strip();
        if (device.isEmpty() || device.contains("\n")) {
            throw new IOException("raidenabled: blkid -U " + details.rootUuid() + " names no single root device: '"
                    + device + "'");
        }
        if (!device.startsWith("/dev/md")) {
            return line;   // arrays elsewhere (data), the root on a plain partition or a volume
        }
        String uuid = mdUuid(target.chroot().run("mdadm", "--detail", "--export", device));
        if (uuid == null) {
            throw new IOException("raidenabled: mdadm --detail --export " + device + " names no MD_UUID");
        }
        return line + " rdloaddriver=raid0 rdloaddriver=raid1 rd.md.uuid=" + uuid;
    }

    /** @throws IllegalArgumentException when the root UUID is missing */
    static String base(MachineDetails details) {
        if (details.rootUuid().isEmpty()) {
            throw new IllegalArgumentException("machine-details.yaml has no root_uuid");
        }
        return "console=" + details.console() + " root=UUID=" + details.rootUuid()
                + " init=/sbin/init net.ifnames=0 biosdevname=0 nvme_core.io_timeout=300";
    }

    /** {@code MD_UUID} of {@code mdadm --detail --export}'s output, null when there is none. */
    static String mdUuid(String export) {
        for (String l : export.split("\n")) {
            if (l.startsWith("MD_UUID=") && l.length() > "MD_UUID=".length()) {
                return l.substring("MD_UUID=".length()).strip();
            }
        }
        return null;
    }
}
