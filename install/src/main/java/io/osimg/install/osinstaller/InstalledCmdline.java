package io.osimg.install.osinstaller;

import io.osimg.core.install.MachineDetails;

/**
 * The kernel command line os-installer builds: the console and root of machine-details.yaml, the init, stable
 * interface names off, a long NVMe timeout. RAID roots ({@code rd.md.uuid}) are not supported yet.
 */
final class InstalledCmdline {

    private InstalledCmdline() {
    }

    /**
     * @throws IllegalArgumentException when the root UUID is missing or the root is on RAID
     */
    static String of(MachineDetails details) {
        if (details.rootUuid().isEmpty()) {
            throw new IllegalArgumentException("machine-details.yaml has no root_uuid");
        }
        if (details.raidEnabled()) {
            throw new IllegalArgumentException("a root on software RAID (rd.md.uuid) is not supported by osimg's OS "
                    + "installer yet");
        }
        return "console=" + details.console() + " root=UUID=" + details.rootUuid()
                + " init=/sbin/init net.ifnames=0 biosdevname=0 nvme_core.io_timeout=300";
    }
}
