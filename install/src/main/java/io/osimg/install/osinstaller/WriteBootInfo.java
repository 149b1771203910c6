package io.osimg.install.osinstaller;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.FileType;
import io.osimg.archive.posix.Posix;
import io.osimg.core.install.BootInfo;
import io.osimg.install.contract.TargetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "write /etc/metal/boot-info.yaml": the one kernel of the image (told by its single {@code /boot/System.map-V}),
 * {@code /boot/vmlinuz-V}, the OS's initrd of V, the kernel command line and the bootloader ID (os-installer.yaml's
 * overwrite, else the OS's). Mode 0700 as os-installer writes it.
 */
public final class WriteBootInfo implements OsTask {

    /** The task's name. */
    public static final String NAME = "write /etc/metal/boot-info.yaml";

    private static final String SYSTEM_MAP = "System.map-";

    private final String bootloaderIdOverwrite;

    /** @param bootloaderIdOverwrite os-installer.yaml's {@code overwrites.bootloader_id}, null for the OS's */
    public WriteBootInfo(String bootloaderIdOverwrite) {
        this.bootloaderIdOverwrite = bootloaderIdOverwrite;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(OsTarget target) throws IOException {
        String version = kernelVersion(target);
        String kernel = "boot/vmlinuz-" + version;
        String initrd = "boot/" + target.os().initrdName(version);
        requireFile(target, kernel, "kernel image");
        requireFile(target, initrd, "ramdisk");
        BootInfo info = new BootInfo("/" + kernel, "/" + initrd, InstalledCmdline.of(target),
                bootloaderIdOverwrite != null ? bootloaderIdOverwrite : target.os().bootloaderId());
        target.write("etc/metal/boot-info.yaml", info.toYaml(), 0700);
    }

    private static String kernelVersion(OsTarget target) throws IOException {
        List<String> versions = new ArrayList<>();
        try (Fd boot = TargetFiles.openDirectory(target.root(), "boot", false)) {
            for (byte[] name : Posix.list(boot)) {
                String n = new String(name, StandardCharsets.UTF_8);
                if (n.startsWith(SYSTEM_MAP)) {
                    versions.add(n.substring(SYSTEM_MAP.length()));
                }
            }
        }
        if (versions.size() != 1) {
            throw new IOException("no single /boot/System.map-* found (" + versions + "), probably no kernel or more "
                    + "than one kernel installed");
        }
        return versions.getFirst();
    }

    private static void requireFile(OsTarget target, String relative, String what) throws IOException {
        Optional<FileType> type = TargetFiles.type(target.root(), relative);
        if (type.isEmpty() || type.get() != FileType.REGULAR) {
            throw new IOException(what + " /" + relative + " not found");
        }
    }
}
