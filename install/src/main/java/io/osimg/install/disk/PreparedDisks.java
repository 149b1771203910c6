package io.osimg.install.disk;

import io.osimg.core.install.LegacyDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Disks partitioned, formatted and mounted under {@link #root()}. {@link #close()} unmounts everything in reverse
 * order, deactivates the volume groups, stops the RAID arrays and removes the mount prefix when the preparer created
 * it.
 */
public final class PreparedDisks implements AutoCloseable {

    private final Commands commands;
    private final Path root;
    private final boolean ownsRoot;
    private final String rootUuid;
    private final LegacyDisk legacyDisk;
    private final List<FstabEntry> fstab;
    private final List<Path> mounts;
    private final List<String> notMounted;
    private final List<DiskPlan.Step> teardown;
    private final String mdadmConf;
    private boolean closed;

    PreparedDisks(Commands commands, Path root, boolean ownsRoot, String rootUuid, LegacyDisk legacyDisk,
                  List<FstabEntry> fstab, List<Path> mounts, List<String> notMounted, List<DiskPlan.Step> teardown,
                  String mdadmConf) {
        this.teardown = List.copyOf(teardown);
        this.mdadmConf = mdadmConf;
        this.legacyDisk = legacyDisk;
        this.notMounted = List.copyOf(notMounted);
        this.commands = commands;
        this.root = root;
        this.ownsRoot = ownsRoot;
        this.rootUuid = rootUuid;
        this.fstab = List.copyOf(fstab);
        this.mounts = new ArrayList<>(mounts);
    }

    /** Where the root file system is mounted (the target of the extraction). */
    public Path root() {
        return root;
    }

    /** The file system UUID of the root file system (install.yaml {@code root_uuid}). */
    public String rootUuid() {
        return rootUuid;
    }

    /** What {@code /etc/metal/disk.json} says about these disks: the root, efi and varlib file systems by UUID. */
    public LegacyDisk legacyDisk() {
        return legacyDisk;
    }

    /** The fstab entries of every file system of the layout, by UUID, root first. */
    public List<FstabEntry> fstab() {
        return fstab;
    }

    /** The mount points (inside the installed system) formatted but not mounted: the running kernel cannot mount them. */
    public List<String> notMounted() {
        return notMounted;
    }

    /** The content of {@code /etc/fstab}. */
    public String fstabText() {
        StringBuilder b = new StringBuilder("# written by osimg install; <file system> <mount point> <type> <options> <dump> <pass>\n");
        fstab.forEach(e -> b.append(e.line()).append('\n'));
        return b.toString();
    }

    /** True when the layout has RAID arrays or volume groups: the installed initramfs must know them. */
    public boolean usesMdOrLvm() {
        return !teardown.isEmpty();
    }

    /** True when the layout has RAID arrays (install.yaml {@code raidenabled}). */
    public boolean raidEnabled() {
        return !mdadmConf.isEmpty();
    }

    /** The content of {@code /etc/mdadm/mdadm.conf}, empty without RAID arrays. */
    public String mdadmConf() {
        return mdadmConf;
    }

    /**
     * Writes {@code /etc/mdadm/mdadm.conf} into the root (mode 0644) when the layout has RAID arrays; the image's
     * initramfs tools ({@code update-initramfs}, {@code dracut}) then assemble the arrays at boot.
     *
     * @return the file, empty without RAID arrays
     */
    public java.util.Optional<Path> writeMdadmConf() throws IOException {
        if (mdadmConf.isEmpty()) {
            return java.util.Optional.empty();
        }
        Path dir = root.resolve("etc/mdadm");
        Files.createDirectories(dir);
        Path file = dir.resolve("mdadm.conf");
        Path tmp = dir.resolve(".mdadm.conf.osimg");
        Files.writeString(tmp, mdadmConf);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return java.util.Optional.of(file);
    }

    /** Writes {@code /etc/fstab} into the root (mode 0644), replacing what the image brought. */
    public Path writeFstab() throws IOException {
        Path etc = root.resolve("etc");
        Files.createDirectories(etc);
        Path file = etc.resolve("fstab");
        Path tmp = etc.resolve(".fstab.osimg");
        Files.writeString(tmp, fstabText());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /**
     * Unmounts every file system in reverse mount order, trying all even when one fails (a busy mount is then
     * detached lazily), deactivates the volume groups, stops the arrays, and removes the prefix it created.
     *
     * @throws IOException naming the mounts that could not be unmounted cleanly
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        try {
            unmountAll(commands, mounts);
        } catch (IOException e) {
            failure = e;
        }
        for (DiskPlan.Step step : teardown) {
            try {
                commands.run(step.command());
            } catch (IOException e) {
                if (failure == null) {
                    failure = new IOException("releasing the prepared disks", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (ownsRoot) {
            Files.deleteIfExists(root);
        }
    }

    static void unmountAll(Commands commands, List<Path> mounts) throws IOException {
        IOException failure = null;
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Path m = mounts.get(i);
            try {
                commands.run("umount", m.toString());
            } catch (IOException e) {
                try {
                    commands.run("umount", "-R", m.toString());
                } catch (IOException again) {
                    try {
                        commands.run("umount", "-l", m.toString());
                    } catch (IOException ignored) {
                        e.addSuppressed(ignored);
                    }
                    if (failure == null) {
                        failure = new IOException("unmounting the prepared disks", e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
