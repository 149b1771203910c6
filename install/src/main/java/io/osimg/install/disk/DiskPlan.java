package io.osimg.install.disk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The commands that put a {@link DiskLayout} onto the disks, in dependency order, computed without touching
 * anything: from the layout, what is known about the disks ({@link Facts}) and whether this is a reinstall.
 * {@link DiskPreparer} runs them.
 *
 * <ol>
 *   <li>{@link Kind#WIPE}: {@code wipefs -a} of each existing partition and of the disk, {@code sgdisk --zap-all},
 *       for every disk the plan touches and no other;</li>
 *   <li>{@link Kind#PARTITION}: one {@code sgdisk} per disk with the partitions, their GPT types and labels (the
 *       preparer then waits for the kernel to show them);</li>
 *   <li>{@link Kind#RAID}: {@code mdadm --create} per array, named as the layout names it;</li>
 *   <li>{@link Kind#PV}, {@link Kind#VG}, {@link Kind#LV}: {@code pvcreate}, {@code vgcreate}, {@code lvcreate}
 *       (fixed sizes before the one taking the rest of its group);</li>
 *   <li>{@link Kind#FORMAT}: {@code mkfs.vfat}, {@code mkfs.ext4}, {@code mkfs.ext3}, {@code mkswap} with the create
 *       options;</li>
 *   <li>{@link Kind#MOUNT}: {@code mount} in path order, parents first, under the prefix.</li>
 * </ol>
 *
 * <p>On a reinstall, disks whose {@code wipeonreinstall} is false are kept: not wiped nor partitioned; their arrays
 * are assembled ({@link Kind#ASSEMBLE}), their volume groups activated ({@link Kind#ACTIVATE}), their volumes and
 * file systems left as they are and only mounted. An array or volume group over both kept and wiped disks cannot be
 * kept nor rebuilt and is refused.
 *
 * @param steps    what to run, in order
 * @param teardown what undoes the arrays and volume groups (after unmounting in reverse): {@code vgchange -an} of
 *                 each group, then {@code mdadm --stop} of each array, last made first
 */
public record DiskPlan(List<Step> steps, List<Step> teardown) {

    public DiskPlan {
        steps = List.copyOf(steps);
        teardown = List.copyOf(teardown);
    }

    /** What a step does. */
    public enum Kind {
        WIPE, PARTITION, RAID, ASSEMBLE, PV, VG, ACTIVATE, LV, FORMAT, MOUNT, DEACTIVATE, STOP
    }

    /**
     * One command.
     *
     * @param subject the disk, array, volume group or device it works on; for {@link Kind#MOUNT} the mount point
     *                inside the installed system
     */
    public record Step(Kind kind, String subject, List<String> command) {

        public Step {
            command = List.copyOf(command);
        }

        /** The command as one line, for messages and tests. */
        public String line() {
            return String.join(" ", command);
        }
    }

    /**
     * What is known about the disks before anything is written.
     *
     * @param diskBytes  the size of each disk of the layout in bytes
     * @param partitions the partition devices that exist now on each disk ({@code /dev/loop3p1})
     */
    public record Facts(Map<String, Long> diskBytes, Map<String, List<String>> partitions) {

        public Facts {
            diskBytes = Map.copyOf(diskBytes);
            partitions = Map.copyOf(partitions);
        }
    }

    /**
     * The plan for a layout.
     *
     * @param prefix    where the root is mounted
     * @param reinstall true keeps the disks whose {@code wipeonreinstall} is false
     * @throws IllegalArgumentException when a reinstall would keep an array or volume group only in part
     */
    public static DiskPlan of(DiskLayout layout, Facts facts, Path prefix, boolean reinstall) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(facts, "facts");
        Kept kept = Kept.of(layout, reinstall);
        List<Step> steps = new ArrayList<>();
        for (DiskLayout.Disk disk : layout.disks()) {
            if (kept.disks.contains(disk.device())) {
                continue;
            }
            for (String part : facts.partitions().getOrDefault(disk.device(), List.of())) {
                steps.add(new Step(Kind.WIPE, disk.device(), List.of("wipefs", "-a", part)));
            }
            steps.add(new Step(Kind.WIPE, disk.device(), List.of("wipefs", "-a", disk.device())));
            steps.add(new Step(Kind.WIPE, disk.device(), List.of("sgdisk", "--zap-all", disk.device())));
        }
        for (DiskLayout.Disk disk : layout.disks()) {
            if (!kept.disks.contains(disk.device()) && !disk.partitions().isEmpty()) {
                steps.add(new Step(Kind.PARTITION, disk.device(), sgdisk(disk)));
            }
        }
        for (DiskLayout.Raid r : layout.raids()) {
            if (kept.devices.contains(r.name())) {
                List<String> assemble = new ArrayList<>(List.of("mdadm", "--assemble", r.name()));
                assemble.addAll(r.devices());
                steps.add(new Step(Kind.ASSEMBLE, r.name(), assemble));
            } else {
                steps.add(new Step(Kind.RAID, r.name(), mdadmCreate(r)));
            }
        }
        for (DiskLayout.VolumeGroup g : layout.volumeGroups()) {
            if (kept.devices.contains(g.name())) {
                continue;
            }
            for (String pv : g.devices()) {
                steps.add(new Step(Kind.PV, pv, List.of("pvcreate", "-ff", "-y", pv)));
            }
        }
        for (DiskLayout.VolumeGroup g : layout.volumeGroups()) {
            if (kept.devices.contains(g.name())) {
                steps.add(new Step(Kind.ACTIVATE, g.name(), List.of("vgchange", "-ay", g.name())));
                continue;
            }
            List<String> vgcreate = new ArrayList<>(List.of("vgcreate", "-y"));
            for (String tag : g.tags()) {
                vgcreate.addAll(List.of("--addtag", tag));
            }
            vgcreate.add(g.name());
            vgcreate.addAll(g.devices());
            steps.add(new Step(Kind.VG, g.name(), vgcreate));
        }
        for (DiskLayout.VolumeGroup g : layout.volumeGroups()) {
            if (kept.devices.contains(g.name())) {
                continue;
            }
            List<DiskLayout.LogicalVolume> volumes = layout.logicalVolumes().stream()
                    .filter(v -> v.volumeGroup().equals(g.name())).toList();
            volumes.stream().filter(v -> v.sizeMiB() > 0).forEach(v -> steps.add(lvcreate(v, g)));
            volumes.stream().filter(v -> v.sizeMiB() == 0).forEach(v -> steps.add(lvcreate(v, g)));
        }
        for (DiskLayout.Filesystem fs : layout.filesystems()) {
            if (fs.format() != DiskLayout.Format.TMPFS && fs.format() != DiskLayout.Format.NONE
                    && !kept.devices.contains(fs.device())) {
                steps.add(new Step(Kind.FORMAT, fs.device(), mkfs(fs)));
            }
        }
        for (DiskLayout.Filesystem fs : layout.mountOrder()) {
            List<String> mount = new ArrayList<>(List.of("mount", "-t", fs.format().fsName()));
            if (!fs.mountOptions().isEmpty()) {
                mount.addAll(List.of("-o", String.join(",", fs.mountOptions())));
            }
            mount.addAll(List.of(fs.device(), mountPoint(prefix, fs).toString()));
            steps.add(new Step(Kind.MOUNT, fs.path(), mount));
        }
        List<Step> teardown = new ArrayList<>();
        for (DiskLayout.VolumeGroup g : layout.volumeGroups().reversed()) {
            teardown.add(new Step(Kind.DEACTIVATE, g.name(), List.of("vgchange", "-an", g.name())));
        }
        for (DiskLayout.Raid r : layout.raids().reversed()) {
            teardown.add(new Step(Kind.STOP, r.name(), List.of("mdadm", "--stop", r.name())));
        }
        return new DiskPlan(steps, teardown);
    }

    /** Where a file system is mounted under the prefix. */
    static Path mountPoint(Path prefix, DiskLayout.Filesystem fs) {
        return fs.path().equals("/") ? prefix : prefix.resolve(fs.path().substring(1));
    }

    /**
     * What a reinstall finds wrong before writing, one sentence each: a kept array or volume group that spans a
     * wiped disk, a kept disk without the partitions of the layout.
     */
    public static List<String> reinstallProblems(DiskLayout layout, Facts facts) {
        List<String> problems = new ArrayList<>();
        try {
            Kept.of(layout, true);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        for (DiskLayout.Disk d : layout.disks()) {
            if (d.wipeOnReinstall()) {
                continue;
            }
            List<String> present = facts.partitions().getOrDefault(d.device(), List.of());
            for (DiskLayout.Partition p : d.partitions()) {
                if (!present.contains(d.partitionDevice(p.number()))) {
                    problems.add("reinstall keeps " + d.device() + " (wipeonreinstall false) but it has no partition "
                            + d.partitionDevice(p.number()) + " to keep");
                }
            }
        }
        return problems;
    }

    /** The logical volumes that do not fit their groups on disks of the given sizes; see {@link LayoutValidation}. */
    public static List<String> sizeProblems(DiskLayout layout, Facts facts) {
        return LayoutValidation.groupProblems(layout.disks(), layout.raids(), layout.volumeGroups(),
                layout.logicalVolumes(), disk -> facts.diskBytes().getOrDefault(disk, LayoutValidation.UNKNOWN));
    }

    /**
     * The content of {@code /etc/mdadm/mdadm.conf}: one {@code ARRAY} line per array of the layout with its metadata
     * version and the UUID mdadm gave it, so the initramfs assembles the arrays under the layout's names.
     *
     * @param uuids the array UUID ({@code mdadm --detail --export}'s {@code MD_UUID}) by array name
     */
    public static String mdadmConf(DiskLayout layout, Map<String, String> uuids) {
        StringBuilder b = new StringBuilder("# written by osimg install: the RAID arrays of the disk layout\n");
        b.append("HOMEHOST <ignore>\n");
        for (DiskLayout.Raid r : layout.raids()) {
            String uuid = uuids.get(r.name());
            if (uuid == null || !uuid.matches("[0-9a-fA-F:]+")) {
                throw new IllegalArgumentException("mdadm.conf: no UUID for RAID array " + r.name() + ": " + uuid);
            }
            b.append("ARRAY ").append(r.name()).append(" metadata=").append(metadata(r)).append(" UUID=").append(uuid)
                    .append('\n');
        }
        return b.toString();
    }

    /**
     * The fstab entries of the layout by UUID: the mounted file systems in mount order (root first), tmpfs, swap.
     *
     * @param uuids the file system UUID by device, for every file system but tmpfs and none
     */
    public static List<FstabEntry> fstab(DiskLayout layout, Map<String, String> uuids) {
        List<FstabEntry> entries = new ArrayList<>();
        for (DiskLayout.Filesystem fs : layout.mountOrder()) {
            entries.add(FstabEntry.of(fs, uuid(uuids, fs)));
        }
        for (DiskLayout.Filesystem fs : layout.filesystems()) {
            if (fs.tmpfs()) {
                entries.add(FstabEntry.of(fs, null));
            }
        }
        for (DiskLayout.Filesystem fs : layout.filesystems()) {
            if (fs.format() == DiskLayout.Format.SWAP) {
                entries.add(FstabEntry.of(fs, uuid(uuids, fs)));
            }
        }
        return entries;
    }

    private static String uuid(Map<String, String> uuids, DiskLayout.Filesystem fs) {
        String uuid = uuids.get(fs.device());
        if (uuid == null || uuid.isEmpty()) {
            throw new IllegalArgumentException("fstab: no UUID for " + fs.device());
        }
        return uuid;
    }

    /** The md metadata version the create options ask for, else mdadm's default 1.2. */
    static String metadata(DiskLayout.Raid r) {
        List<String> o = r.createOptions();
        for (int i = 0; i < o.size(); i++) {
            String s = o.get(i);
            if (s.startsWith("--metadata=")) {
                return s.substring("--metadata=".length());
            }
            if ((s.equals("--metadata") || s.equals("-e")) && i + 1 < o.size()) {
                return o.get(i + 1);
            }
        }
        return "1.2";
    }

    private static List<String> sgdisk(DiskLayout.Disk disk) {
        List<String> sgdisk = new ArrayList<>(List.of("sgdisk"));
        for (DiskLayout.Partition p : disk.partitions()) {
            sgdisk.add("--new=" + p.number() + ":0:" + (p.sizeMiB() == 0 ? "0" : "+" + p.sizeMiB() + "M"));
            sgdisk.add("--typecode=" + p.number() + ":" + p.gptType());
            if (p.label() != null && !p.label().isEmpty()) {
                sgdisk.add("--change-name=" + p.number() + ":" + p.label());
            }
        }
        sgdisk.add(disk.device());
        return sgdisk;
    }

    private static List<String> mdadmCreate(DiskLayout.Raid r) {
        List<String> cmd = new ArrayList<>(List.of("mdadm", "--create", r.name(), "--run", "--homehost=any",
                "--level=" + r.level().level(), "--raid-devices=" + r.activeDevices()));
        if (r.spares() > 0) {
            cmd.add("--spare-devices=" + r.spares());
        }
        if (r.level() == DiskLayout.RaidLevel.RAID1) {
            // new members hold nothing worth copying; the first resync would only slow the install
            cmd.add("--assume-clean");
        }
        cmd.addAll(r.createOptions());
        cmd.addAll(r.devices());
        return cmd;
    }

    private static Step lvcreate(DiskLayout.LogicalVolume v, DiskLayout.VolumeGroup g) {
        List<String> cmd = new ArrayList<>(List.of("lvcreate", "-y", "--wipesignatures", "y", "-n", v.name()));
        if (v.sizeMiB() > 0) {
            cmd.addAll(List.of("-L", v.sizeMiB() + "m"));
        } else {
            cmd.addAll(List.of("-l", "100%FREE"));
        }
        switch (v.type()) {
            case LINEAR -> cmd.addAll(List.of("--type", "linear"));
            case STRIPED -> cmd.addAll(List.of("--type", "striped", "-i", Integer.toString(g.devices().size())));
            case RAID1 -> cmd.addAll(List.of("--type", "raid1", "-m", "1"));
        }
        cmd.add(g.name());
        return new Step(Kind.LV, v.device(), cmd);
    }

    private static List<String> mkfs(DiskLayout.Filesystem fs) {
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
            case TMPFS, NONE -> throw new IllegalStateException(fs.format() + " is not formatted");
        }
        cmd.add(fs.device());
        return cmd;
    }

    /** The disks a reinstall keeps and the arrays, groups, volumes and partitions on them. */
    private record Kept(Set<String> disks, Set<String> devices) {

        static Kept of(DiskLayout layout, boolean reinstall) {
            Set<String> disks = new LinkedHashSet<>();
            Set<String> devices = new HashSet<>();
            if (!reinstall) {
                return new Kept(disks, devices);
            }
            Set<String> wiped = new HashSet<>();
            for (DiskLayout.Disk d : layout.disks()) {
                Set<String> into = d.wipeOnReinstall() ? wiped : devices;
                into.add(d.device());
                d.partitions().forEach(p -> into.add(d.partitionDevice(p.number())));
                if (!d.wipeOnReinstall()) {
                    disks.add(d.device());
                }
            }
            for (DiskLayout.Raid r : layout.raids()) {
                if (spans(r.devices(), devices, wiped, "RAID array " + r.name())) {
                    devices.add(r.name());
                } else {
                    wiped.add(r.name());
                }
            }
            for (DiskLayout.VolumeGroup g : layout.volumeGroups()) {
                if (spans(g.devices(), devices, wiped, "volume group " + g.name())) {
                    devices.add(g.name());
                    layout.logicalVolumes().stream().filter(v -> v.volumeGroup().equals(g.name()))
                            .forEach(v -> devices.add(v.device()));
                }
            }
            return new Kept(disks, devices);
        }

        /** True when all the devices are kept, false when all are wiped. */
        private static boolean spans(List<String> members, Set<String> kept, Set<String> wiped, String what) {
            List<String> k = members.stream().filter(kept::contains).toList();
            List<String> w = members.stream().filter(wiped::contains).toList();
            if (!k.isEmpty() && !w.isEmpty()) {
                throw new IllegalArgumentException("reinstall: " + what + " lies on " + k + " (on disks with wipeonreinstall false, kept) and on "
                        + w + " (wiped); it can be neither kept nor rebuilt");
            }
            return !k.isEmpty();
        }
    }
}
