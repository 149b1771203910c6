package io.osimg.install.disk;

import io.osimg.core.install.LegacyDisk;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Partitions, formats and mounts the disks of a {@link DiskLayout} (contract section 4 step 1): RAID arrays and LVM
 * included, by running a {@link DiskPlan}.
 *
 * <p>Before anything is written, every disk is checked: it exists, is a block device, neither it nor a
 * partition of it is mounted, an active swap or held by another device (unless a reinstall keeps it), the layout
 * fits, the logical volumes fit their groups, the kernel has md and the device mapper when the layout needs them
 * ({@link BlockFeatures}) and the tools are installed. Then the plan runs: old signatures are wiped
 * ({@code wipefs -a}), new GPTs written ({@code sgdisk}), the kernel told ({@code blockdev --rereadpt}, else
 * {@code partx}, then {@code udevadm settle} when present), arrays, volume groups and volumes made ({@code mdadm},
 * {@code pvcreate}, {@code vgcreate}, {@code lvcreate}), the file systems made ({@code mkfs.vfat},
 * {@code mkfs.ext4}, {@code mkswap}) and mounted: the root at a private prefix, the others under it, parents first.
 * A failure unmounts what was mounted, deactivates the volume groups and stops the arrays. A loop device must be
 * attached with partition scanning ({@code losetup -P}). A file system type the running kernel cannot mount fails
 * the check, or, with {@link #skippingUnsupportedMounts()}, is formatted and listed in fstab but not mounted.
 */
public final class DiskPreparer {

    private static final long PARTITION_WAIT_MILLIS = 10_000;

    private final Commands commands;
    private final BlockDevices devices;
    private final KernelFilesystems kernel;
    private final BlockFeatures features;
    private final boolean skipUnsupportedMounts;

    /**
     * @param skipUnsupportedMounts when a file system other than the root has a type the running kernel cannot
     *                              mount (a ramdisk kernel without vfat): true formats it and lists it in fstab
     *                              without mounting it ({@link PreparedDisks#notMounted()}), false fails the check
     */
    public DiskPreparer(Commands commands, BlockDevices devices, KernelFilesystems kernel, boolean skipUnsupportedMounts) {
        this(commands, devices, kernel, BlockFeatures.system(), skipUnsupportedMounts);
    }

    /** A preparer that asks {@code features} whether the kernel has md and the device mapper. */
    public DiskPreparer(Commands commands, BlockDevices devices, KernelFilesystems kernel, BlockFeatures features,
                        boolean skipUnsupportedMounts) {
        this.commands = commands;
        this.devices = devices;
        this.kernel = kernel;
        this.features = features;
        this.skipUnsupportedMounts = skipUnsupportedMounts;
    }

    /** A preparer for the running system that fails when the kernel cannot mount a file system of the layout. */
    public static DiskPreparer system() {
        return new DiskPreparer(new Commands(), BlockDevices.system(), KernelFilesystems.system(), BlockFeatures.system(), false);
    }

    /** This preparer, but formatting without mounting the file systems (other than the root) the kernel cannot mount. */
    public DiskPreparer skippingUnsupportedMounts() {
        return new DiskPreparer(commands, devices, kernel, features, true);
    }

    /** Prepares the disks and mounts the root at a new temporary directory, which {@link PreparedDisks#close()} removes. */
    public PreparedDisks prepare(DiskLayout layout) throws IOException {
        Path prefix = Files.createTempDirectory("osimg-root-");
        try {
            return prepare(layout, prefix, true, false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(prefix);
            throw e;
        }
    }

    /** Prepares the disks and mounts the root at {@code prefix}, an existing empty directory. */
    public PreparedDisks prepare(DiskLayout layout, Path prefix) throws IOException {
        return prepare(layout, prefix, false, false);
    }

    /** As {@link #reinstall(DiskLayout, Path)}, mounting the root at a new temporary directory. */
    public PreparedDisks reinstall(DiskLayout layout) throws IOException {
        Path prefix = Files.createTempDirectory("osimg-root-");
        try {
            return prepare(layout, prefix, true, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(prefix);
            throw e;
        }
    }

    /**
     * Prepares the disks for a reinstall: the disks whose {@code wipeonreinstall} is false keep their partitions,
     * arrays, volumes and file systems, which are assembled, activated and mounted; the others are rebuilt.
     */
    public PreparedDisks reinstall(DiskLayout layout, Path prefix) throws IOException {
        return prepare(layout, prefix, false, true);
    }

    private PreparedDisks prepare(DiskLayout layout, Path prefix, boolean ownsPrefix, boolean reinstall) throws IOException {
        DiskLayout real = check(layout, reinstall);
        releaseStacked(real, reinstall);
        DiskPlan plan = DiskPlan.of(real, facts(real), prefix, reinstall);
        List<Path> mounted = new ArrayList<>();
        List<String> notMounted = new ArrayList<>();
        Set<String> made = new HashSet<>();
        String rootUuid = null;
        try {
            for (DiskPlan.Step step : plan.steps()) {
                if (step.kind() == DiskPlan.Kind.MOUNT) {
                    if (rootUuid == null) {
                        rootUuid = uuid(real.root().device());
                    }
                    DiskLayout.Filesystem fs = real.mountOrder().stream().filter(f -> f.path().equals(step.subject()))
                            .findFirst().orElseThrow();
                    if (!kernel.supports(fs.format().fsName())) {
                        notMounted.add(fs.path());
                        continue;
                    }
                    Path at = DiskPlan.mountPoint(prefix, fs);
                    if (fs.device() != null && fs.device().startsWith("/dev/")) {
                        waitForNode(fs.device());
                    }
                    Files.createDirectories(at);
                    commands.run(step.command());
                    mounted.add(at);
                    continue;
                }
                if (step.kind() == DiskPlan.Kind.FORMAT) {
                    waitForNode(step.subject());
                }
                commands.run(step.command());
                made.add(step.subject());
                if (step.kind() == DiskPlan.Kind.PARTITION) {
                    DiskLayout.Disk disk = real.disks().stream().filter(d -> d.device().equals(step.subject()))
                            .findFirst().orElseThrow();
                    rereadPartitions(disk, Path.of(disk.device()).getFileName().toString());
                }
            }
            Map<String, String> uuids = new HashMap<>();
            List<LegacyDisk.Partition> legacy = new ArrayList<>();
            for (DiskLayout.Filesystem fs : real.mountOrder()) {
                String uuid = fs == real.root() ? rootUuid : uuid(fs.device());
                uuids.put(fs.device(), uuid);
                if (LegacyDisk.LABELS.contains(fs.label())) {
                    legacy.add(new LegacyDisk.Partition(fs.label(), fs.format().fsName(), uuid));
                }
            }
            for (DiskLayout.Filesystem fs : real.filesystems()) {
                if (fs.format() == DiskLayout.Format.SWAP) {
                    uuids.put(fs.device(), uuid(fs.device()));
                }
            }
            Map<String, String> arrays = new HashMap<>();
            for (DiskLayout.Raid r : real.raids()) {
                arrays.put(r.name(), arrayUuid(r.name()));
            }
            String mdadmConf = real.raidEnabled() ? DiskPlan.mdadmConf(real, arrays) : "";
            return new PreparedDisks(commands, prefix, ownsPrefix, rootUuid, new LegacyDisk(legacy),
                    DiskPlan.fstab(real, uuids), mounted, notMounted, plan.teardown(), mdadmConf);
        } catch (IOException | RuntimeException e) {
            try {
                PreparedDisks.unmountAll(commands, mounted);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            for (DiskPlan.Step undo : plan.teardown()) {
                if (made.contains(undo.subject())) {
                    try {
                        commands.run(undo.command());
                    } catch (IOException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
            }
            throw e;
        }
    }

    /**
     * After a failed installation onto prepared (and released) disks: wipes the signatures of every partition of
     * the disks the layout rebuilds and their partition tables ({@code wipefs -a}, {@code sgdisk --zap-all}: the
     * plan's {@link DiskPlan.Kind#WIPE} steps), so that no EFI system partition, root file system, array or volume
     * group of the unverified image is left and the firmware finds nothing to boot. The disks a reinstall keeps are
     * not touched. Every step is tried even when one fails.
     *
     * @return the commands run, in order
     * @throws IOException naming the steps that failed
     */
    public List<String> wipe(DiskLayout layout, boolean reinstall) throws IOException {
        List<String> realPaths = new ArrayList<>();
        for (DiskLayout.Disk disk : layout.disks()) {
            realPaths.add(disk.device() + "=" + devices.blockDevice(disk.device()));
        }
        DiskLayout real = DeviceMap.parse(realPaths).apply(layout);
        DiskPlan plan = DiskPlan.of(real, facts(real), Path.of("/"), reinstall);
        List<String> ran = new ArrayList<>();
        IOException failure = null;
        Set<String> disks = new java.util.LinkedHashSet<>();
        for (DiskPlan.Step step : plan.steps()) {
            if (step.kind() != DiskPlan.Kind.WIPE) {
                continue;
            }
            disks.add(step.subject());
            try {
                commands.run(step.command());
                ran.add(step.line());
            } catch (IOException e) {
                if (failure == null) {
                    failure = new IOException("wiping the disks after the failed installation", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        for (String disk : disks) {
            try {
                commands.run("blockdev", "--rereadpt", disk);   // the kernel forgets the partitions
            } catch (CommandException e) {
                // busy or no partition support: the table on the disk is gone all the same
            }
        }
        if (failure != null) {
            throw failure;
        }
        return ran;
    }

    /** Checks as {@link #check(DiskLayout, boolean)} does for a first install. */
    public DiskLayout check(DiskLayout layout) throws IOException {
        return check(layout, false);
    }

    /**
     * Checks every disk of the layout without writing: exists, is a block device, is not in use (unless a reinstall
     * keeps it), is large enough, the volumes fit their groups, the kernel and tools can build the layout. Returns
     * the layout on the disks' real paths (symlinks such as {@code /dev/disk/by-id/...} resolved).
     *
     * @throws DiskCheckException listing every problem found
     */
    public DiskLayout check(DiskLayout layout, boolean reinstall) throws IOException {
        List<String> problems = new ArrayList<>(features.missing(layout));
        for (String tool : tools(layout)) {
            if (!commands.available(tool)) {
                problems.add(tool + " is not installed (the layout needs it)");
            }
        }
        List<String> realPaths = new ArrayList<>();
        boolean missingDevice = false;
        for (DiskLayout.Disk disk : layout.disks()) {
            Path real;
            try {
                real = devices.blockDevice(disk.device());
            } catch (IOException e) {
                problems.add(e.getMessage());
                realPaths.add(disk.device() + "=" + disk.device());
                missingDevice = true;
                continue;
            }
            realPaths.add(disk.device() + "=" + real);
            String name = real.getFileName().toString();
            if (!reinstall || disk.wipeOnReinstall()) {
                // arrays and volumes an earlier install left on a disk to be wiped are stopped before the wipe
                // (releaseStacked), unless something on them is mounted or swapped on
                Optional<String> busy = devices.mountedOrSwap(name);
                for (String s : devices.stacked(name)) {
                    if (busy.isEmpty() && !s.startsWith("md") && !s.startsWith("dm-")) {
                        busy = Optional.of("held by " + s + ", neither an md array nor a device-mapper device");
                    }
                    if (busy.isEmpty()) {
                        busy = devices.mountedOrSwap(s).map(why -> why + " (stacked on " + disk.device() + ")");
                    }
                }
                busy.ifPresent(why -> problems.add(disk.device() + " is in use: " + why));
            }
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
        DiskLayout real = DeviceMap.parse(realPaths).apply(layout);
        if (!missingDevice) {
            DiskPlan.Facts facts = facts(real);
            problems.addAll(DiskPlan.sizeProblems(real, facts));
            if (reinstall) {
                problems.addAll(DiskPlan.reinstallProblems(real, facts));
            }
        }
        if (!problems.isEmpty()) {
            throw new DiskCheckException(problems);
        }
        return real;
    }

    /**
     * Stops what an earlier install left active on the disks about to be wiped, topmost first: device-mapper devices
     * (logical volumes: {@code dmsetup remove}) and md arrays ({@code mdadm --stop}). {@link #check} made sure
     * none of them is mounted or swapped on.
     *
     * @return the devices released, as {@code /dev/md127} or {@code vg0-root}
     */
    List<String> releaseStacked(DiskLayout layout, boolean reinstall) throws IOException {
        // topmost first on each disk; a device over several disks is listed at its first, with all above it before
        Set<String> stacked = new java.util.LinkedHashSet<>();
        for (DiskLayout.Disk disk : layout.disks()) {
            if (reinstall && !disk.wipeOnReinstall()) {
                continue;
            }
            for (String s : devices.stacked(Path.of(disk.device()).getFileName().toString())) {
                Optional<String> used = devices.mountedOrSwap(s);
                if (used.isPresent()) {
                    throw new DiskCheckException(List.of(disk.device() + " is in use: " + used.get() + " (stacked on "
                            + disk.device() + ")"));
                }
                if (!s.startsWith("dm-") && !s.startsWith("md")) {
                    throw new DiskCheckException(List.of(disk.device() + " is held by " + s + ", which is neither an md "
                            + "array nor a device-mapper device: stop it first"));
                }
                stacked.add(s);
            }
        }
        List<String> released = new ArrayList<>();
        for (String s : stacked) {
            if (s.startsWith("dm-")) {
                String dm = devices.dmName(s);
                commands.run("dmsetup", "remove", "--retry", dm);
                released.add(dm);
            } else {
                commands.run("mdadm", "--stop", "/dev/" + s);
                released.add("/dev/" + s);
            }
        }
        return released;
    }

    /** The tools a layout needs beyond those every layout needs. */
    private static List<String> tools(DiskLayout layout) {
        List<String> tools = new ArrayList<>();
        if (layout.raidEnabled()) {
            tools.add("mdadm");
        }
        if (layout.usesLvm()) {
            tools.addAll(List.of("pvcreate", "vgcreate", "lvcreate", "vgchange"));
        }
        return tools;
    }

    /** The sizes of the layout's disks and the partitions on them now. */
    private DiskPlan.Facts facts(DiskLayout layout) throws IOException {
        Map<String, Long> sizes = new HashMap<>();
        Map<String, List<String>> partitions = new HashMap<>();
        for (DiskLayout.Disk disk : layout.disks()) {
            String name = Path.of(disk.device()).getFileName().toString();
            sizes.put(disk.device(), devices.sizeBytes(name));
            List<String> present = new ArrayList<>();
            for (String part : devices.partitions(name)) {
                if (Files.exists(Path.of("/dev", part))) {
                    present.add("/dev/" + part);
                }
            }
            partitions.put(disk.device(), present);
        }
        return new DiskPlan.Facts(sizes, partitions);
    }

    /** The UUID mdadm gave an array ({@code MD_UUID}), as mdadm.conf writes it. */
    private String arrayUuid(String array) throws IOException {
        for (String line : commands.output("mdadm", "--detail", "--export", array).split("\n")) {
            if (line.startsWith("MD_UUID=")) {
                return line.substring("MD_UUID=".length()).strip();
            }
        }
        throw new IOException("mdadm --detail --export " + array + ": no MD_UUID");
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

    /**
     * Waits (at most 10 s) until the device node of an array, logical volume or partition exists: without udev (the
     * installer ramdisk) mdadm and LVM make their nodes and {@code /dev/md/NAME}, {@code /dev/VG/LV} links
     * themselves, with udev they appear a little after the command returned. When it does not come, the command
     * that needs it fails and names it.
     */
    private void waitForNode(String device) throws IOException {
        long deadline = System.nanoTime() + PARTITION_WAIT_MILLIS * 1_000_000;
        while (!Files.exists(Path.of(device)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("waiting for " + device);
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
