package io.osimg.install.disk;

import io.osimg.core.text.TextFile;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.osimg.core.json.Mappers;
import io.osimg.core.machine.FilesystemLayout;
import io.osimg.core.machine.MachineDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The disks to partition and the file systems to create on them, modelled on metal-api's filesystem layouts
 * (contract section 7): GPT partitions per disk, md RAID arrays (levels 0 and 1) over partitions or disks, LVM
 * volume groups over partitions, disks or arrays, logical volumes in them, and a file system per device. Built only
 * through the validating constructor, which checks what can be checked without the disks (sizes against the real
 * disks are {@link DiskPlan#check}'s): every device a RAID array, volume group or file system uses is a partition,
 * disk, array or logical volume of the layout and has one user only (a RAID member or PV used twice is refused),
 * names are unique, fixed-size logical volumes fit a group of fixed-size PVs, each mount point is used once, exactly
 * one ext4/ext3 file system is mounted at {@code /}, a partition of size 0 (the rest of the disk) is the last one of
 * its disk.
 *
 * <p>Device names are those of the layout ({@code /dev/sda}); {@link DeviceMap} puts them onto real devices. An
 * array is named by its device ({@code /dev/md0}, {@code /dev/md/root}); a logical volume's device is
 * {@code /dev/VG/LV}.
 */
public record DiskLayout(List<Disk> disks, List<Filesystem> filesystems, List<Raid> raids,
                         List<VolumeGroup> volumeGroups, List<LogicalVolume> logicalVolumes) {

    /** The size of the EFI system partition of {@link #defaultLayout}, in MiB. */
    public static final long DEFAULT_ESP_MIB = 512;

    private static final Pattern GPT_CODE = Pattern.compile("(?i)[0-9a-f]{4}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    /**
     * Validates and builds a layout.
     *
     * @throws IllegalArgumentException naming the disk, partition or file system that is wrong
     */
    public DiskLayout {
        raids = raids == null ? List.of() : raids;
        volumeGroups = volumeGroups == null ? List.of() : volumeGroups;
        logicalVolumes = logicalVolumes == null ? List.of() : logicalVolumes;
        validate(disks, filesystems);
        LayoutValidation.validate(disks, filesystems, raids, volumeGroups, logicalVolumes);
        disks = List.copyOf(disks);
        filesystems = List.copyOf(filesystems);
        raids = List.copyOf(raids);
        volumeGroups = List.copyOf(volumeGroups);
        logicalVolumes = List.copyOf(logicalVolumes);
    }

    /** A layout of partitions and file systems only (no RAID, no LVM). */
    public DiskLayout(List<Disk> disks, List<Filesystem> filesystems) {
        this(disks, filesystems, List.of(), List.of(), List.of());
    }

    /**
     * A disk and the GPT partitions to create on it, in order.
     *
     * @param wipeOnReinstall whether a reinstall wipes and rebuilds this disk; false keeps its partitions, arrays,
     *                        volumes and file systems (metal-api's {@code wipeonreinstall}, false when absent)
     */
    public record Disk(String device, boolean wipeOnReinstall, List<Partition> partitions) {

        public Disk {
            partitions = List.copyOf(partitions);
        }

        /** A disk that a reinstall keeps. */
        public Disk(String device, List<Partition> partitions) {
            this(device, false, partitions);
        }

        /** The device of partition {@code number}: {@code /dev/sda} 1 is {@code /dev/sda1}, {@code /dev/loop3} 1 is {@code /dev/loop3p1}. */
        public String partitionDevice(int number) {
            return DiskLayout.partitionDevice(device, number);
        }

        /** The bytes the partitions need: the fixed sizes, 1 MiB for a rest partition, 1 MiB at each end for GPT and alignment. */
        public long requiredBytes() {
            long mib = 2;
            for (Partition p : partitions) {
                mib += p.sizeMiB() == 0 ? 1 : p.sizeMiB();
            }
            return mib << 20;
        }
    }

    /**
     * A GPT partition.
     *
     * @param sizeMiB in MiB, 0 meaning the rest of the disk
     * @param gptType an sgdisk type code such as {@code ef00} or {@code 8300}, or a type GUID
     */
    public record Partition(int number, String label, long sizeMiB, String gptType) {
    }

    /** The file system formats the preparer creates; tmpfs is only written to fstab, none is left alone. */
    public enum Format {
        VFAT("vfat"), EXT4("ext4"), EXT3("ext3"), SWAP("swap"), TMPFS("tmpfs"), NONE("none");

        private final String name;

        Format(String name) {
            this.name = name;
        }

        /** The name in layouts, fstab and {@code mount -t}. */
        public String fsName() {
            return name;
        }

        static Format parse(String s, String where) {
            for (Format f : values()) {
                if (f.name.equals(s == null ? "" : s.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new IllegalArgumentException(where + ": format '" + s + "' is not supported (vfat, ext4, ext3, swap, tmpfs, none)");
        }
    }

    /**
     * A file system to create (unless {@link Format#NONE} or {@link Format#TMPFS}) and, when it has a path, to mount.
     *
     * @param device the partition, disk, array ({@code /dev/md0}) or logical volume ({@code /dev/vg/lv}); any name
     *               (metal-api says {@code tmpfs}) for tmpfs
     * @param path   the mount point inside the installed system, {@code ""} for none (swap, none)
     */
    public record Filesystem(String device, Format format, String path, String label, List<String> createOptions,
                             List<String> mountOptions) {

        public Filesystem {
            path = path == null ? "" : path;
            label = label == null ? "" : label;
            createOptions = List.copyOf(createOptions);
            mountOptions = List.copyOf(mountOptions);
        }

        /** True when this file system is mounted into the tree at install (not swap, tmpfs or none; has a path). */
        public boolean mounted() {
            return !path.isEmpty() && format != Format.SWAP && format != Format.NONE && format != Format.TMPFS;
        }

        /** True for a tmpfs with a mount point: an fstab line, nothing on disk. */
        public boolean tmpfs() {
            return format == Format.TMPFS && !path.isEmpty();
        }
    }

    /** The md RAID levels the preparer creates. */
    public enum RaidLevel {
        RAID0("0"), RAID1("1");

        private final String level;

        RaidLevel(String level) {
            this.level = level;
        }

        /** The level as mdadm and metal-api write it ({@code 0}, {@code 1}). */
        public String level() {
            return level;
        }

        static RaidLevel parse(String s, String where) {
            String v = s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replaceFirst("^raid", "");
            for (RaidLevel l : values()) {
                if (l.level.equals(v)) {
                    return l;
                }
            }
            throw new IllegalArgumentException(where + ": RAID level '" + s + "' is not supported (0, 1)");
        }
    }

    /**
     * An md RAID array.
     *
     * @param name          the array's device as the layout names it ({@code /dev/md0}, {@code /dev/md/root})
     * @param devices       the members, spares last
     * @param spares        how many of the devices are spares
     * @param createOptions passed to {@code mdadm --create} ({@code --metadata=1.0} for an ESP on RAID1)
     */
    public record Raid(String name, RaidLevel level, List<String> devices, int spares, List<String> createOptions) {

        public Raid {
            devices = List.copyOf(devices);
            createOptions = List.copyOf(createOptions);
        }

        /** The active members (the devices without the spares). */
        public int activeDevices() {
            return devices.size() - spares;
        }
    }

    /** An LVM volume group over physical volumes (partitions, disks or arrays of the layout). */
    public record VolumeGroup(String name, List<String> devices, List<String> tags) {

        public VolumeGroup {
            devices = List.copyOf(devices);
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** How a logical volume lies on its group's physical volumes. */
    public enum LvmType {
        LINEAR("linear"), STRIPED("striped"), RAID1("raid1");

        private final String name;

        LvmType(String name) {
            this.name = name;
        }

        /** The name in layouts and for {@code lvcreate --type}. */
        public String lvmName() {
            return name;
        }

        static LvmType parse(String s, String where) {
            if (s == null || s.isBlank()) {
                return LINEAR;
            }
            for (LvmType t : values()) {
                if (t.name.equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            throw new IllegalArgumentException(where + ": lvmtype '" + s + "' is not supported (linear, striped, raid1)");
        }
    }

    /**
     * An LVM logical volume.
     *
     * @param sizeMiB in MiB, 0 meaning the rest of the group
     */
    public record LogicalVolume(String name, String volumeGroup, long sizeMiB, LvmType type) {

        /** The device of the volume, {@code /dev/VG/LV}. */
        public String device() {
            return "/dev/" + volumeGroup + "/" + name;
        }
    }

    /** The device name of partition {@code number} of {@code disk}. */
    static String partitionDevice(String disk, int number) {
        return disk + (Character.isDigit(disk.charAt(disk.length() - 1)) ? "p" : "") + number;
    }

    /** Same as the constructor: validates and builds a layout. */
    public static DiskLayout of(List<Disk> disks, List<Filesystem> filesystems) {
        return new DiskLayout(disks, filesystems);
    }

    private static void validate(List<Disk> disks, List<Filesystem> filesystems) {
        // partitions and file systems; arrays and volumes: LayoutValidation
        Objects.requireNonNull(disks, "disks");
        Objects.requireNonNull(filesystems, "filesystems");
        if (disks.isEmpty()) {
            throw new IllegalArgumentException("disk layout: no disks");
        }
        Set<String> devices = new HashSet<>();
        for (Disk d : disks) {
            if (d == null || d.device() == null || !d.device().startsWith("/")) {
                throw new IllegalArgumentException("disk layout: disk device must be an absolute path: " + (d == null ? null : d.device()));
            }
            if (!devices.add(d.device())) {
                throw new IllegalArgumentException("disk layout: disk " + d.device() + " is listed twice");
            }
            validatePartitions(d);
        }
        Set<String> paths = new HashSet<>();
        int roots = 0;
        for (Filesystem fs : filesystems) {
            String where = "disk layout: file system " + (fs == null ? null : fs.device());
            if (fs == null || fs.format() == null || fs.device() == null && fs.format() != Format.TMPFS) {
                throw new IllegalArgumentException(where + ": device and format are required");
            }
            if (fs.mounted() || fs.tmpfs()) {
                if (!fs.path().startsWith("/") || Path.of(fs.path()).normalize().toString().length() != fs.path().length()
                        || fs.path().contains("/../") || fs.path().endsWith("/..")) {
                    throw new IllegalArgumentException(where + ": path '" + fs.path() + "' is not a normal absolute path");
                }
                if (!paths.add(fs.path())) {
                    throw new IllegalArgumentException(where + ": path " + fs.path() + " is mounted twice");
                }
            }
            validateLabel(fs, where);
            if (fs.path().equals("/") && fs.mounted()) {
                if (fs.format() != Format.EXT4 && fs.format() != Format.EXT3) {
                    throw new IllegalArgumentException(where + ": the root file system must be ext4 or ext3, not " + fs.format().fsName());
                }
                roots++;
            }
        }
        if (roots != 1) {
            throw new IllegalArgumentException("disk layout: exactly one file system must be mounted at /, found " + roots);
        }
    }

    private static void validatePartitions(Disk d) {
        Set<Integer> numbers = new HashSet<>();
        for (int i = 0; i < d.partitions().size(); i++) {
            Partition p = d.partitions().get(i);
            String where = "disk layout: disk " + d.device() + " partition " + (p == null ? "#" + i : p.number());
            if (p == null || p.number() < 1 || p.number() > 128) {
                throw new IllegalArgumentException(where + ": number must be 1..128");
            }
            if (!numbers.add(p.number())) {
                throw new IllegalArgumentException(where + ": number is used twice");
            }
            if (p.sizeMiB() < 0) {
                throw new IllegalArgumentException(where + ": size " + p.sizeMiB() + " MiB is negative");
            }
            if (p.sizeMiB() == 0 && i != d.partitions().size() - 1) {
                throw new IllegalArgumentException(where + ": size 0 (the rest of the disk) must be the last partition");
            }
            if (p.gptType() == null || !GPT_CODE.matcher(p.gptType()).matches()) {
                throw new IllegalArgumentException(where + ": gpttype '" + p.gptType() + "' is not a type code such as 8300 or a GUID");
            }
            if (p.label() != null && (p.label().length() > 36 || p.label().chars().anyMatch(c -> c < 0x20))) {
                throw new IllegalArgumentException(where + ": label '" + p.label() + "' is longer than 36 characters or has control characters");
            }
        }
    }

    private static void validateLabel(Filesystem fs, String where) {
        int max = switch (fs.format()) {
            case VFAT -> 11;
            case EXT4, EXT3 -> 16;
            case SWAP -> 15;
            case TMPFS, NONE -> Integer.MAX_VALUE;
        };
        if (fs.label().length() > max || fs.label().chars().anyMatch(c -> c < 0x20 || c == '"')) {
            throw new IllegalArgumentException(where + ": label '" + fs.label() + "' is too long for " + fs.format().fsName()
                    + " (at most " + max + ") or has control characters");
        }
    }

    /** The default GPT layout on one disk: an EFI system partition (vfat, 512 MiB, label efi) and an ext4 root over the rest. */
    public static DiskLayout defaultLayout(String device) {
        Disk disk = new Disk(device, List.of(
                new Partition(1, "efi", DEFAULT_ESP_MIB, "ef00"),
                new Partition(2, "root", 0, "8300")));
        return of(List.of(disk), List.of(
                new Filesystem(disk.partitionDevice(1), Format.VFAT, "/boot/efi", "efi", List.of("-F", "32"), List.of()),
                new Filesystem(disk.partitionDevice(2), Format.EXT4, "/", "root", List.of(), List.of())));
    }

    /**
     * The layout of metal-api's filesystem layout.
     *
     * @throws IllegalArgumentException naming the element that is invalid
     */
    public static DiskLayout from(FilesystemLayout layout) {
        Objects.requireNonNull(layout, "filesystem layout");
        String name = "filesystem layout " + (layout.id() == null ? "" : layout.id());
        List<Disk> disks = new ArrayList<>();
        for (FilesystemLayout.Disk d : layout.disks()) {
            if (d == null) {
                throw new IllegalArgumentException(name + ": a disk is null");
            }
            List<Partition> parts = new ArrayList<>();
            for (FilesystemLayout.Partition p : d.partitions()) {
                if (p == null || p.number() == null) {
                    throw new IllegalArgumentException(name + ": disk " + d.device() + " has a partition without number");
                }
                parts.add(new Partition(p.number(), p.label(), p.size() == null ? 0 : p.size(), p.gptType()));
            }
            disks.add(new Disk(d.device(), Boolean.TRUE.equals(d.wipeOnReinstall()), parts));
        }
        List<Filesystem> filesystems = new ArrayList<>();
        for (FilesystemLayout.Filesystem f : layout.filesystems()) {
            if (f == null) {
                throw new IllegalArgumentException(name + ": a file system is null");
            }
            filesystems.add(new Filesystem(f.device(), Format.parse(f.format(), name + ": file system " + f.device()),
                    f.path(), f.label(), f.createOptions(), f.mountOptions()));
        }
        List<Raid> raids = new ArrayList<>();
        for (FilesystemLayout.Raid r : layout.raid()) {
            if (r == null) {
                throw new IllegalArgumentException(name + ": a RAID array is null");
            }
            String where = name + ": RAID array " + r.arrayName();
            raids.add(new Raid(r.arrayName(), RaidLevel.parse(r.level(), where), r.devices(),
                    r.spares() == null ? 0 : r.spares(), r.createOptions()));
        }
        List<VolumeGroup> groups = new ArrayList<>();
        for (FilesystemLayout.VolumeGroup g : layout.volumeGroups()) {
            if (g == null) {
                throw new IllegalArgumentException(name + ": a volume group is null");
            }
            groups.add(new VolumeGroup(g.name(), g.devices(), g.tags()));
        }
        List<LogicalVolume> volumes = new ArrayList<>();
        for (FilesystemLayout.LogicalVolume v : layout.logicalVolumes()) {
            if (v == null) {
                throw new IllegalArgumentException(name + ": a logical volume is null");
            }
            String where = name + ": logical volume " + v.volumeGroup() + "/" + v.name();
            volumes.add(new LogicalVolume(v.name(), v.volumeGroup(), v.size() == null ? 0 : v.size(),
                    LvmType.parse(v.lvmType(), where)));
        }
        try {
            return new DiskLayout(disks, filesystems, raids, groups, volumes);
        } catch (IllegalArgumentException e) {
            throw layout.id() == null ? e : new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /** The layout of the machine's allocation, empty when the allocation has none. */
    public static Optional<DiskLayout> fromMachine(MachineDocument machine) {
        FilesystemLayout layout = machine.validated().allocation().filesystemLayout();
        return layout == null || layout.disks().isEmpty() ? Optional.empty() : Optional.of(from(layout));
    }

    /** Reads a layout file: JSON or YAML shaped like metal-api's filesystem layout ({@code disks}, {@code filesystems}, ...). */
    public static DiskLayout parse(String jsonOrYaml) {
        if (jsonOrYaml == null || jsonOrYaml.isBlank()) {
            throw new IllegalArgumentException("disk layout: empty");
        }
        FilesystemLayout layout;
        try {
            layout = Mappers.forContent(jsonOrYaml).readValue(jsonOrYaml, FilesystemLayout.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("disk layout: cannot be read: " + e.getOriginalMessage(), e);
        }
        if (layout == null) {
            throw new IllegalArgumentException("disk layout: empty");
        }
        return from(layout);
    }

    /** Reads a layout file; see {@link #parse}. */
    public static DiskLayout read(Path file) throws IOException {
        try {
            return parse(TextFile.read(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** True when the layout has RAID arrays (install.yaml {@code raidenabled}). */
    public boolean raidEnabled() {
        return !raids.isEmpty();
    }

    /** True when the layout has volume groups. */
    public boolean usesLvm() {
        return !volumeGroups.isEmpty();
    }

    /** The file system mounted at {@code /}. */
    public Filesystem root() {
        return filesystems.stream().filter(f -> f.mounted() && f.path().equals("/")).findFirst().orElseThrow();
    }

    /** The mounted file systems, parents before children ({@code /}, {@code /boot}, {@code /boot/efi}, {@code /var}). */
    public List<Filesystem> mountOrder() {
        return filesystems.stream().filter(Filesystem::mounted)
                .sorted(Comparator.comparing((Filesystem f) -> Path.of(f.path()).getNameCount()).thenComparing(Filesystem::path))
                .toList();
    }
}
