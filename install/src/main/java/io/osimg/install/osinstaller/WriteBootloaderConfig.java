package io.osimg.install.osinstaller;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * "write booatloader config" (sic, os-installer's name): {@code /etc/default/grub} with the kernel command line,
 * the bootloader ID and the serial console of machine-details.yaml; on an EFI machine then the OS's bootloader
 * commands chrooted (Debian, Ubuntu: {@code grub-install --removable} into {@code /boot/efi} and
 * {@code update-grub}; AlmaLinux: {@code grub2-mkconfig}). Without EFI grub is not installed (the machine is
 * started by kexec from boot-info.yaml). With {@code raidenabled} grub-install also gets {@code --no-nvram}, as in
 * os-installer: the ESP is an md RAID1 (metadata 1.0) whose members each hold the removable path
 * {@code EFI/BOOT/BOOTX64.EFI}, which the firmware finds on either disk without a boot entry. Before the config is
 * generated, {@code /dev/disk/by-uuid/<root UUID>} is made when missing ({@link #uuidLink}), so that GRUB's command
 * line names the root by UUID, not by a device name that can change between boots.
 */
public final class WriteBootloaderConfig implements OsTask {

    static final String DEFAULT_GRUB = "etc/default/grub";
    private static final String DEFAULT_SPEED = "115200";

    private final String bootloaderIdOverwrite;

    /** @param bootloaderIdOverwrite os-installer.yaml's {@code overwrites.bootloader_id}, null for the OS's */
    public WriteBootloaderConfig(String bootloaderIdOverwrite) {
        this.bootloaderIdOverwrite = bootloaderIdOverwrite;
    }

    @Override
    public String name() {
        return "write booatloader config";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        String[] serial = serial(target.details().console());
        String id = bootloaderIdOverwrite != null ? bootloaderIdOverwrite : target.os().bootloaderId();
        String cmdline = InstalledCmdline.of(target);
        target.write(DEFAULT_GRUB, target.os().defaultGrub(id, cmdline, serial[1], serial[0],
                target.details().rootUuid()), 0644);
        if (!target.firmware().efi()) {
            target.log().accept("not booted by EFI: /" + DEFAULT_GRUB + " written, grub not installed");
            return;
        }
        for (List<String> command : target.os().bootloaderCommands(id)) {
            if (target.details().raidEnabled() && command.getFirst().equals("grub-install")) {
                command = Stream.concat(command.stream(), Stream.of("--no-nvram")).toList();
            }
            if (command.getFirst().equals("grub-install")) {
                target.chroot().run(command, null, null);
                continue;
            }
            String made = target.chroot().run(uuidLink(target.details().rootUuid()), null, null);
            try {
                target.chroot().run(command, null, null);
            } finally {
                List<String> paths = made == null ? List.of() : made.lines().filter(l -> !l.isBlank()).toList();
                if (!paths.isEmpty()) {
                    target.chroot().run(removeMade(paths), null, null);
                }
            }
        }
    }

    /**
     * The command that makes {@code /dev/disk/by-uuid/<root UUID>} when it is missing (the installer runs no udev):
     * grub-mkconfig names the root by UUID only when that link exists, else by its device ({@code root=/dev/md126},
     * {@code root=/dev/vda2}), whose name can change between boots. It prints what it made (the link, and the
     * directories it had to create), one per line, so that {@link #removeMade} takes it away again: the chroot's
     * {@code /dev} is the installer's, and an install from a running Linux without udev must leave nothing there.
     * It never fails: without the link the root's UUID still comes later on the line, from boot-info.yaml's.
     */
    static List<String> uuidLink(String rootUuid) {
        return List.of("sh", "-c", "l=/dev/disk/by-uuid/$1; [ -e \"$l\" ] && exit 0; d=$(blkid -U \"$1\") || exit 0; "
                + "for p in /dev/disk /dev/disk/by-uuid; do [ -d \"$p\" ] || { mkdir \"$p\" && echo \"$p\"; } || exit 0; done; "
                + "ln -s \"$d\" \"$l\" && echo \"$l\"; true", "sh", rootUuid);
    }

    /** Removes what {@link #uuidLink} printed, the link first and the directories after it (innermost first). */
    static List<String> removeMade(List<String> made) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "for p; do if [ -L \"$p\" ]; then rm -f \"$p\"; else rmdir \"$p\"; fi; done; true", "sh"));
        argv.addAll(made.reversed());
        return List.copyOf(argv);
    }

    /**
     * Port and speed of a serial console {@code ttyS<port>,<speed>n8}; a bare {@code ttyS<port>} (what a
     * {@code console=ttyS0} command line gives) is taken at 115200 baud, where os-installer would fail.
     *
     * @throws IllegalArgumentException naming the console when it is no serial console
     */
    static String[] serial(String console) {
        if (console.matches("ttyS[0-9]+")) {
            return new String[]{console.substring(4), DEFAULT_SPEED};
        }
        if (!console.matches("ttyS[0-9]+,[0-9]+n8")) {
            throw new IllegalArgumentException("machine-details.yaml: console '" + console + "' is no serial console"
                    + " ttyS<port>,<speed>n8");
        }
        int comma = console.indexOf(',');
        return new String[]{console.substring(4, comma), console.substring(comma + 1, console.length() - 2)};
    }
}
