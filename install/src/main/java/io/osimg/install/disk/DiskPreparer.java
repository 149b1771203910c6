package io.osimg.install.disk;

import io.osimg.core.install.LegacyDisk;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Partitions, formats and mounts the disks of a {@link DiskLayout} (contract section 4 step 1).
 *
 * <p>Before anything is written, every disk is checked: it exists, is a block device, neither it nor a
 * partition of it is mounted, an active swap or held by another device, and the layout fits. Then per disk: old
 * signatures are wiped ({@code wipefs -a}), a new GPT is written ({@code sgdisk}), the kernel is told
 * ({@code blockdev --rereadpt}, else {@code partx}, then {@code udevadm settle} when present), the file systems
 * are made ({@code mkfs.vfat}, {@code mkfs.ext4}, {@code mkswap}) and mounted: the root at a private prefix, the
 * others under it, parents first. A loop device must be attached with partition scanning ({@code losetup -P}).
 * A file system type the running kernel cannot mount fails the check, or, with
 * {@link #skippingUnsupportedMounts()}, is formatted and listed in fstab but not mounted.
 */
public final class DiskPreparer {

    private static final long PARTITION_WAIT_MILLIS = 10_000;

    private final Commands commands;
    private final BlockDevices devices;
    private final KernelFilesystems kernel;
    private final boolean skipUnsupportedMounts;

    /**
     * @param skipUnsupportedMounts when a file system other than the root has a type the running kernel cannot
     *                              mount (a ramdisk kernel without vfat): true formats it and lists it in fstab
     *                              without mounting it ({@link PreparedDisks#notMounted()}), false fails the check
     */
    public DiskPreparer(Commands commands, BlockDevices devices, KernelFilesystems kernel, boolean skipUnsupportedMounts) {
        this.commands = commands;
        this.devices = devices;
        this.kernel = kernel;
        this.skipUnsupportedMounts = skipUnsupportedMounts;
    }

    /** A preparer for the running system that fails when the kernel cannot mount a file system of the layout. */
    public static DiskPreparer system() {
        return new DiskPreparer(new Commands(), BlockDevices.system(), KernelFilesystems.system(), false);
    }

    /** This preparer, but formatting without mounting the file systems (other than the root) the kernel cannot mount. */
    public DiskPreparer skippingUnsupportedMounts() {
        return new DiskPreparer(commands, devices, kernel, true);
    }

    /** Prepares the disks and mounts the root at a new temporary directory, which {@link PreparedDisks#close()} removes. */
    public PreparedDisks prepare(DiskLayout layout) throws IOException {
        Path prefix = Files.createTempDirectory("osimg-root-");
        try {
            return prepare(layout, prefix, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(prefix);
            throw e;
        }
    }

    /** Prepares the disks and mounts the root at {@code prefix}, an existing empty directory. */
    public PreparedDisks prepare(DiskLayout layout, Path prefix) throws IOException {
        return prepare(layout, prefix, false);
    }

    private PreparedDisks prepare(DiskLayout layout, Path prefix, boolean ownsPrefix) throws IOException {
        DiskLayout real = check(layout);
        for (DiskLayout.Disk disk : real.disks()) {
            partition(disk);
        }
        for (DiskLayout.Filesystem fs : real.filesystems()) {
            format(fs);
        }
        List<FstabEntry> fstab = new ArrayList<>();
        List<LegacyDisk.Partition> legacy = new ArrayList<>();
        String rootUuid = uuid(real.root().device());
        List<Path> mounted = new ArrayList<>();
        List<String> notMounted = new ArrayList<>();
        try {
            for (DiskLayout.Filesystem fs : real.mountOrder()) {
                Path at = fs.path().equals("/") ? prefix : prefix.resolve(fs.path().substring(1));
                if (!kernel.supports(fs.format().fsName())) {
                    notMounted.add(fs.path());
                    continue;
                }
                Files.createDirectories(at);
                List<String> mount = new ArrayList<>(List.of("mount", "-t", fs.format().fsName()));
                if (!fs.mountOptions().isEmpty()) {
                    mount.addAll(List.of("-o", String.join(",", fs.mountOptions())));
                }
                mount.addAll(List.of(fs.device(), at.toString()));
                commands.run(mount);
                mounted.add(at);
            }
            for (DiskLayout.Filesystem fs : real.mountOrder()) {
                String uuid = fs == real.root() ? rootUuid : uuid(fs.device());
                fstab.add(FstabEntry.of(fs, uuid));
                if (LegacyDisk.LABELS.contains(fs.label())) {
                    legacy.add(new LegacyDisk.Partition(fs.label(), fs.format().fsName(), uuid));
                }
            }
            for (DiskLayout.Filesystem fs : real.filesystems()) {
                if (fs.format() == DiskLayout.Format.SWAP) {
                    fstab.add(FstabEntry.of(fs, uuid(fs.device())));
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                PreparedDisks.unmountAll(commands, mounted);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new PreparedDisks(commands, prefix, ownsPrefix, rootUuid, new LegacyDisk(legacy), fstab, mounted,
                notMounted);
    }

    /**
     * Checks every disk of the layout without writing: exists, is a block device, is not in use, is large enough.
     * Returns the layout on the disks' real paths (symlinks such as {@code /dev/disk/by-id/...} resolved).
     *
     * @throws DiskCheckException listing every problem found
     */
    public DiskLayout check(DiskLayout layout) throws IOException {
        List<String> problems = new ArrayList<>();
        if (layout.raidEnabled() || layout.usesLvm()) {
            problems.add("RAID arrays and LVM are modelled but not yet prepared");
        }
        List<String> realPaths = new ArrayList<>();
        for (DiskLayout.Disk disk : layout.disks()) {
            Path real;
            try {
                real = devices.blockDevice(disk.device());
            } catch (IOException e) {
                problems.add(e.getMessage());
                realPaths.add(disk.device() + "=" + disk.device());
                continue;
            }
            realPaths.add(disk.device() + "=" + real);
            String name = real.getFileName().toString();
            Optional<String> busy = devices.busy(name);
            busy.ifPresent(why -> problems.add(disk.device() + " is in use: " + why));
            long size = devices.sizeBytes(name);
            if (size < disk.requiredBytes()) {
                problems.add(disk.device() + " has " + mib(size) + " MiB but the layout needs " + mib(disk.requiredBytes())
                        + " MiB (partitions " + disk.partitions().stream().map(p -> p.number() + ":" + (p.sizeMiB() == 0 ? "rest" : p.sizeMiB() + "M")).toList()
                        + " plus 2 MiB for the GPT)");
            }
        }
        for (DiskLayout.Filesystem fs : layout.mountOrder()) {
            if ((fs == layout.root() || !skipUnsupportedMounts) && !kernel.supports(fs.format().fsName())) {
                problems.add("the running kernel cannot mount " + fs.format().fsName() + " (" + fs.path() + " on "
                        + fs.device() + "): not in /proc/filesystems and no module");
            }
        }
        if (!problems.isEmpty()) {
            throw new DiskCheckException(problems);
        }
        return DeviceMap.parse(realPaths).apply(layout);
    }

    private void partition(DiskLayout.Disk disk) throws IOException {
        String name = Path.of(disk.device()).getFileName().toString();
        for (String part : devices.partitions(name)) {
            if (Files.exists(Path.of("/dev", part))) {
                commands.run("wipefs", "-a", "/dev/" + part);
            }
        }
        commands.run("wipefs", "-a", disk.device());
        commands.run("sgdisk", "--zap-all", disk.device());
        List<String> sgdisk = new ArrayList<>(List.of("sgdisk"));
        for (DiskLayout.Partition p : disk.partitions()) {
            sgdisk.add("--new=" + p.number() + ":0:" + (p.sizeMiB() == 0 ? "0" : "+" + p.sizeMiB() + "M"));
            sgdisk.add("--typecode=" + p.number() + ":" + p.gptType());
            if (p.label() != null && !p.label().isEmpty()) {
                sgdisk.add("--change-name=" + p.number() + ":" + p.label());
            }
        }
        sgdisk.add(disk.device());
        commands.run(sgdisk);
        rereadPartitions(disk, name);
    }

    /** Makes the kernel see the new table; kernels without a GPT parser (CONFIG_EFI_PARTITION) get it from partx. */
    private void rereadPartitions(DiskLayout.Disk disk, String name) throws IOException {
        Set<Integer> wanted = new TreeSet<>();
        disk.partitions().forEach(p -> wanted.add(p.number()));
        try {
            commands.run("blockdev", "--rereadpt", disk.device());
        } catch (CommandException e) {
            // busy or unsupported: partx below
        }
        if (!kernelPartitions(name).equals(wanted)) {
            try {
                commands.run("partx", "-d", disk.device());
            } catch (CommandException e) {
                // no partitions known to delete
            }
            commands.run("partx", "-a", disk.device());
        }
        if (commands.available("udevadm")) {
            try {
                commands.run("udevadm", "settle", "--timeout=10");
            } catch (CommandException e) {
                // no udev running (containers, ramdisks): the nodes come from devtmpfs
            }
        }
        long deadline = System.nanoTime() + PARTITION_WAIT_MILLIS * 1_000_000;
        while (true) {
            Set<Integer> seen = kernelPartitions(name);
            boolean nodes = wanted.stream().allMatch(n -> Files.exists(Path.of(disk.partitionDevice(n))));
            if (seen.equals(wanted) && nodes) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("partitioning " + disk.device() + ": the kernel shows partitions " + seen
                        + " after writing " + wanted + (nodes ? "" : " and the device nodes " + disk.partitionDevice(wanted.iterator().next()) + "... are missing")
                        + "; a loop device must be attached with losetup -P");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("waiting for the partitions of " + disk.device());
            }
        }
    }

    private Set<Integer> kernelPartitions(String name) throws IOException {
        Set<Integer> numbers = new HashSet<>();
        for (String p : devices.partitions(name)) {
            numbers.add(devices.partitionNumber(p));
        }
        return new TreeSet<>(numbers);
    }

    private void format(DiskLayout.Filesystem fs) throws IOException {
        List<String> cmd = new ArrayList<>();
        switch (fs.format()) {
            case VFAT -> {
                cmd.add("mkfs.vfat");
                cmd.addAll(fs.createOptions());
                if (!fs.label().isEmpty()) {
                    cmd.addAll(List.of("-n", fs.label()));
                }
            }
            case EXT4, EXT3 -> {
                cmd.addAll(List.of("mkfs." + fs.format().fsName(), "-F", "-q"));
                if (!fs.label().isEmpty()) {
                    cmd.addAll(List.of("-L", fs.label()));
                }
                cmd.addAll(fs.createOptions());
            }
            case SWAP -> {
                cmd.add("mkswap");
                if (!fs.label().isEmpty()) {
                    cmd.addAll(List.of("-L", fs.label()));
                }
                cmd.addAll(fs.createOptions());
            }
            case NONE -> {
                return;
            }
        }
        cmd.add(fs.device());
        commands.run(cmd);
    }

    /** The file system UUID, probed from the device (not blkid's cache). */
    private String uuid(String device) throws IOException {
        String uuid = commands.output("blkid", "-p", "-s", "UUID", "-o", "value", device);
        if (uuid.isEmpty()) {
            throw new IOException("blkid " + device + ": the new file system has no UUID");
        }
        return uuid;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
