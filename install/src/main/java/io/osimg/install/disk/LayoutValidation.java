package io.osimg.install.disk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * The checks of a {@link DiskLayout}'s RAID arrays, volume groups and logical volumes, and of which device each file
 * system lies on; and the size estimates {@link DiskPlan#check} compares with the real disks.
 *
 * <p>Every block device of the layout has at most one user: a file system, a RAID array (as member or spare) or a
 * volume group (as physical volume).
 */
final class LayoutValidation {

    /** LVM's extent size (the vgcreate default) and the metadata area at the start of each physical volume. */
    static final long EXTENT = 4L << 20;
    static final long PV_METADATA = 1L << 20;
    /** md's superblock and the space before the data (1 MiB for version 1.2 on small members; an estimate). */
    static final long MD_METADATA = 1L << 20;
    static final long UNKNOWN = -1;

    private static final Pattern LVM_NAME = Pattern.compile("[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}");
    private static final Pattern MD_NAME = Pattern.compile("/dev/md(/[A-Za-z0-9_.:-]+|[0-9]+)");

    private LayoutValidation() {
    }

    static void validate(List<DiskLayout.Disk> disks, List<DiskLayout.Filesystem> filesystems,
                         List<DiskLayout.Raid> raids, List<DiskLayout.VolumeGroup> groups,
                         List<DiskLayout.LogicalVolume> volumes) {
        Set<String> diskDevices = new HashSet<>();
        Set<String> partitionDevices = new HashSet<>();
        for (DiskLayout.Disk d : disks) {
            diskDevices.add(d.device());
            d.partitions().forEach(p -> partitionDevices.add(d.partitionDevice(p.number())));
        }
        Map<String, String> users = new HashMap<>();
        Set<String> arrays = new HashSet<>();
        for (DiskLayout.Raid r : raids) {
            String where = "disk layout: RAID array " + (r == null ? null : r.name());
            if (r == null || r.name() == null || !MD_NAME.matcher(r.name()).matches()) {
                throw new IllegalArgumentException(where + ": the array name must be /dev/mdN or /dev/md/NAME");
            }
            if (r.level() == null) {
                throw new IllegalArgumentException(where + ": level is required (0, 1)");
            }
            if (!arrays.add(r.name())) {
                throw new IllegalArgumentException(where + ": the array is listed twice");
            }
            if (r.spares() < 0 || r.level() == DiskLayout.RaidLevel.RAID0 && r.spares() > 0) {
                throw new IllegalArgumentException(where + ": " + r.spares() + " spares are not possible at level " + r.level().level());
            }
            if (r.activeDevices() < 2) {
                throw new IllegalArgumentException(where + ": level " + r.level().level() + " needs at least 2 active devices, it has "
                        + r.activeDevices() + " (" + r.devices().size() + " devices, " + r.spares() + " spares)");
            }
            for (String dev : r.devices()) {
                if (!partitionDevices.contains(dev) && !diskDevices.contains(dev)) {
                    throw new IllegalArgumentException(where + ": member " + dev + " is not a partition or disk of the layout");
                }
                use(users, dev, "RAID array " + r.name(), where);
            }
        }
        Map<String, DiskLayout.VolumeGroup> groupsByName = new LinkedHashMap<>();
        for (DiskLayout.VolumeGroup g : groups) {
            String where = "disk layout: volume group " + (g == null ? null : g.name());
            if (g == null || g.name() == null || !LVM_NAME.matcher(g.name()).matches()) {
                throw new IllegalArgumentException(where + ": the name must be letters, digits, + _ . - (not starting with -)");
            }
            if (groupsByName.put(g.name(), g) != null) {
                throw new IllegalArgumentException(where + ": the volume group is listed twice");
            }
            if (g.devices().isEmpty()) {
                throw new IllegalArgumentException(where + ": no physical volumes");
            }
            for (String dev : g.devices()) {
                if (!partitionDevices.contains(dev) && !diskDevices.contains(dev) && !arrays.contains(dev)) {
                    throw new IllegalArgumentException(where + ": physical volume " + dev + " is not a partition, disk or RAID array of the layout");
                }
                use(users, dev, "volume group " + g.name(), where);
            }
        }
        Set<String> volumeDevices = new HashSet<>();
        for (DiskLayout.LogicalVolume v : volumes) {
            String where = "disk layout: logical volume " + (v == null ? null : v.volumeGroup() + "/" + v.name());
            if (v == null || v.name() == null || !LVM_NAME.matcher(v.name()).matches()) {
                throw new IllegalArgumentException(where + ": the name must be letters, digits, + _ . - (not starting with -)");
            }
            if (v.type() == null) {
                throw new IllegalArgumentException(where + ": lvmtype is required (linear, striped, raid1)");
            }
            DiskLayout.VolumeGroup g = groupsByName.get(v.volumeGroup());
            if (g == null) {
                throw new IllegalArgumentException(where + ": volume group " + v.volumeGroup() + " is not in the layout (" + groupsByName.keySet() + ")");
            }
            if (v.sizeMiB() < 0) {
                throw new IllegalArgumentException(where + ": size " + v.sizeMiB() + " MiB is negative");
            }
            if (v.type() != DiskLayout.LvmType.LINEAR && g.devices().size() < 2) {
                throw new IllegalArgumentException(where + ": lvmtype " + v.type().lvmName() + " needs at least 2 physical volumes, group "
                        + g.name() + " has " + g.devices().size());
            }
            if (!volumeDevices.add(v.device())) {
                throw new IllegalArgumentException(where + ": the logical volume is listed twice");
            }
        }
        for (DiskLayout.VolumeGroup g : groupsByName.values()) {
            if (volumes.stream().filter(v -> v.volumeGroup().equals(g.name()) && v.sizeMiB() == 0).count() > 1) {
                throw new IllegalArgumentException("disk layout: volume group " + g.name() + ": more than one logical volume takes the rest (size 0)");
            }
        }
        for (DiskLayout.Filesystem fs : filesystems) {
            if (fs.format() == DiskLayout.Format.TMPFS) {
                continue;
            }
            String where = "disk layout: file system " + fs.device();
            if (!partitionDevices.contains(fs.device()) && !diskDevices.contains(fs.device()) && !arrays.contains(fs.device())
                    && !volumeDevices.contains(fs.device())) {
                throw new IllegalArgumentException(where + ": not a partition, disk, RAID array or logical volume of the layout");
            }
            use(users, fs.device(), "a file system", where);
        }
        List<String> problems = groupProblems(disks, raids, groups, volumes, disk -> UNKNOWN);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("disk layout: " + problems.getFirst());
        }
    }

    private static void use(Map<String, String> users, String device, String user, String where) {
        String before = users.put(device, user);
        if (before != null) {
            throw new IllegalArgumentException(where + ": " + device + " is used twice (already by " + before + ")");
        }
    }

    /**
     * The logical volumes that do not fit their group, one sentence each. Group sizes come from the physical
     * volumes' sizes; a group with a PV of unknown size (a partition taking the rest of a disk whose size
     * {@code diskBytes} does not know) is not checked.
     */
    static List<String> groupProblems(List<DiskLayout.Disk> disks, List<DiskLayout.Raid> raids,
                                      List<DiskLayout.VolumeGroup> groups, List<DiskLayout.LogicalVolume> volumes,
                                      ToLongFunction<String> diskBytes) {
        List<String> problems = new ArrayList<>();
        for (DiskLayout.VolumeGroup g : groups) {
            long extents = 0;
            boolean known = true;
            for (String pv : g.devices()) {
                long bytes = deviceBytes(disks, raids, pv, diskBytes);
                if (bytes == UNKNOWN) {
                    known = false;
                    break;
                }
                extents += Math.max(0, (bytes - PV_METADATA) / EXTENT);
            }
            if (!known) {
                continue;
            }
            long needed = 0;
            boolean rest = false;
            for (DiskLayout.LogicalVolume v : volumes) {
                if (!v.volumeGroup().equals(g.name())) {
                    continue;
                }
                long own = v.sizeMiB() == 0 ? 1 : ((v.sizeMiB() << 20) + EXTENT - 1) / EXTENT;
                rest |= v.sizeMiB() == 0;
                // raid1: two copies and a metadata extent per copy
                needed += v.type() == DiskLayout.LvmType.RAID1 ? 2 * (own + 1) : own;
            }
            if (needed > extents) {
                problems.add("volume group " + g.name() + ": the logical volumes need " + needed * (EXTENT >> 20) + " MiB"
                        + (rest ? " (with at least one extent for the one taking the rest)" : "")
                        + " (raid1 volumes twice) but the group has " + extents * (EXTENT >> 20) + " MiB on "
                        + String.join(", ", g.devices()));
            }
        }
        return problems;
    }

    /** The size of a device of the layout in bytes, {@link #UNKNOWN} when it depends on an unknown disk size. */
    static long deviceBytes(List<DiskLayout.Disk> disks, List<DiskLayout.Raid> raids, String device,
                            ToLongFunction<String> diskBytes) {
        for (DiskLayout.Disk d : disks) {
            if (d.device().equals(device)) {
                return diskBytes.applyAsLong(d.device());
            }
            long fixed = 0;
            DiskLayout.Partition rest = null;
            for (DiskLayout.Partition p : d.partitions()) {
                fixed += p.sizeMiB() << 20;
                if (p.sizeMiB() == 0) {
                    rest = p;
                }
            }
            for (DiskLayout.Partition p : d.partitions()) {
                if (d.partitionDevice(p.number()).equals(device)) {
                    if (p != rest) {
                        return p.sizeMiB() << 20;
                    }
                    long disk = diskBytes.applyAsLong(d.device());
                    return disk == UNKNOWN ? UNKNOWN : Math.max(0, disk - fixed - (2L << 20));
                }
            }
        }
        for (DiskLayout.Raid r : raids) {
            if (r.name().equals(device)) {
                long smallest = Long.MAX_VALUE;
                for (String m : r.devices()) {
                    long bytes = deviceBytes(disks, raids, m, diskBytes);
                    if (bytes == UNKNOWN) {
                        return UNKNOWN;
                    }
                    smallest = Math.min(smallest, bytes);
                }
                long member = Math.max(0, smallest - MD_METADATA);
                return r.level() == DiskLayout.RaidLevel.RAID0 ? member * r.activeDevices() : member;
            }
        }
        return UNKNOWN;
    }
}
