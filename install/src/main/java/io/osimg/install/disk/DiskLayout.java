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
 * (contract section 7): GPT partitions per disk and a file system per partition. Built only through the
 * validating constructor: every file system lies on a partition (or disk) of the layout, exactly one ext4/ext3 file
 * system is mounted at {@code /}, a partition of size 0 (the rest of the disk) is the last one of its disk; the
 * constructor checks this. RAID arrays and LVM are not supported.
 *
 * <p>Device names are those of the layout ({@code /dev/sda}); {@link DeviceMap} puts them onto real devices.
 */
public record DiskLayout(List<Disk> disks, List<Filesystem> filesystems) {

    /** The size of the EFI system partition of {@link #defaultLayout}, in MiB. */
    public static final long DEFAULT_ESP_MIB = 512;

    private static final Pattern GPT_CODE = Pattern.compile("(?i)[0-9a-f]{4}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    /**
     * Validates and builds a layout.
     *
     * @throws IllegalArgumentException naming the disk, partition or file system that is wrong
     */
    public DiskLayout {
        validate(disks, filesystems);
        disks = List.copyOf(disks);
        filesystems = List.copyOf(filesystems);
    }

    /** A disk and the GPT partitions to create on it, in order. */
    public record Disk(String device, List<Partition> partitions) {

        public Disk {
            partitions = List.copyOf(partitions);
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

    /** The file system formats the preparer creates. */
    public enum Format {
        VFAT("vfat"), EXT4("ext4"), EXT3("ext3"), SWAP("swap"), NONE("none");

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
            throw new IllegalArgumentException(where + ": format '" + s + "' is not supported (vfat, ext4, ext3, swap, none)");
        }
    }

    /**
     * A file system to create (unless {@link Format#NONE}) and, when it has a path, to mount.
     *
     * @param path the mount point inside the installed system, {@code ""} for none (swap, none)
     */
    public record Filesystem(String device, Format format, String path, String label, List<String> createOptions,
                             List<String> mountOptions) {

        public Filesystem {
            path = path == null ? "" : path;
            label = label == null ? "" : label;
            createOptions = List.copyOf(createOptions);
            mountOptions = List.copyOf(mountOptions);
        }

        /** True when this file system is mounted into the tree (not swap, not none, has a path). */
        public boolean mounted() {
            return !path.isEmpty() && format != Format.SWAP && format != Format.NONE;
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
        Objects.requireNonNull(disks, "disks");
        Objects.requireNonNull(filesystems, "filesystems");
        if (disks.isEmpty()) {
            throw new IllegalArgumentException("disk layout: no disks");
        }
        Set<String> devices = new HashSet<>();
        Set<String> partitionDevices = new HashSet<>();
        for (Disk d : disks) {
            if (d == null || d.device() == null || !d.device().startsWith("/")) {
                throw new IllegalArgumentException("disk layout: disk device must be an absolute path: " + (d == null ? null : d.device()));
            }
            if (!devices.add(d.device())) {
                throw new IllegalArgumentException("disk layout: disk " + d.device() + " is listed twice");
            }
            validatePartitions(d);
            d.partitions().forEach(p -> partitionDevices.add(d.partitionDevice(p.number())));
        }
        Set<String> used = new HashSet<>();
        Set<String> paths = new HashSet<>();
        int roots = 0;
        for (Filesystem fs : filesystems) {
            String where = "disk layout: file system " + (fs == null ? null : fs.device());
            if (fs == null || fs.device() == null || fs.format() == null) {
                throw new IllegalArgumentException(where + ": device and format are required");
            }
            if (!partitionDevices.contains(fs.device()) && !devices.contains(fs.device())) {
                throw new IllegalArgumentException(where + ": not a partition or disk of the layout (" + String.join(", ", partitionDevices) + ")");
            }
            if (!used.add(fs.device())) {
                throw new IllegalArgumentException(where + ": device has two file systems");
            }
            if (fs.mounted()) {
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
            case NONE -> Integer.MAX_VALUE;
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
     * @throws IllegalArgumentException when it has RAID arrays or LVM, or is invalid
     */
    public static DiskLayout from(FilesystemLayout layout) {
        Objects.requireNonNull(layout, "filesystem layout");
        String name = "filesystem layout " + (layout.id() == null ? "" : layout.id());
        if (!layout.raid().isEmpty() || !layout.volumeGroups().isEmpty() || !layout.logicalVolumes().isEmpty()) {
            throw new IllegalArgumentException(name + ": RAID arrays and LVM are not supported by osimg's disk preparer");
        }
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
            disks.add(new Disk(d.device(), parts));
        }
        List<Filesystem> filesystems = new ArrayList<>();
        for (FilesystemLayout.Filesystem f : layout.filesystems()) {
            if (f == null) {
                throw new IllegalArgumentException(name + ": a file system is null");
            }
            filesystems.add(new Filesystem(f.device(), Format.parse(f.format(), name + ": file system " + f.device()),
                    f.path(), f.label(), f.createOptions(), f.mountOptions()));
        }
        return of(disks, filesystems);
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
