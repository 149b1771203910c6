package io.osimg.install.disk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the disks of a layout onto the real devices given on the command line. Each {@code --disk} value is either
 * {@code NEW} (positional: the first positional value replaces the first disk of the layout, the second the second,
 * ...) or {@code OLD=NEW} (replaces the layout disk named {@code OLD}). Disks not named keep their device; partition
 * devices follow their disk ({@code /dev/sda2} on {@code /dev/loop3} becomes {@code /dev/loop3p2}), in file systems,
 * RAID members and physical volumes alike; arrays and logical volumes keep their names.
 */
public final class DeviceMap {

    private final List<String> positional;
    private final Map<String, String> named;

    private DeviceMap(List<String> positional, Map<String, String> named) {
        this.positional = List.copyOf(positional);
        this.named = Map.copyOf(named);
    }

    /**
     * Parses {@code --disk} values.
     *
     * @throws IllegalArgumentException for an empty or relative device
     */
    public static DeviceMap parse(List<String> specs) {
        List<String> positional = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec == null ? -1 : spec.indexOf('=');
            String from = eq < 0 ? null : spec.substring(0, eq);
            String to = eq < 0 ? spec : spec.substring(eq + 1);
            if (to == null || !to.startsWith("/") || from != null && !from.startsWith("/")) {
                throw new IllegalArgumentException("--disk " + spec + ": expected DEVICE or LAYOUT_DEVICE=DEVICE with absolute paths");
            }
            if (from == null) {
                positional.add(to);
            } else if (named.put(from, to) != null) {
                throw new IllegalArgumentException("--disk " + spec + ": " + from + " is mapped twice");
            }
        }
        return new DeviceMap(positional, named);
    }

    /** A map of the given real devices onto the layout's disks in order. */
    public static DeviceMap of(String... devices) {
        return parse(List.of(devices));
    }

    /**
     * The layout on the real devices.
     *
     * @throws IllegalArgumentException when more devices are given than the layout has disks, a named disk is not in
     *                                  the layout, or two layout disks land on one device
     */
    public DiskLayout apply(DiskLayout layout) {
        Map<String, String> moves = new HashMap<>();
        List<DiskLayout.Disk> disks = layout.disks();
        if (positional.size() > disks.size()) {
            throw new IllegalArgumentException("--disk: " + positional.size() + " disks given but the layout has "
                    + disks.size() + " (" + disks.stream().map(DiskLayout.Disk::device).toList() + ")");
        }
        for (int i = 0; i < positional.size(); i++) {
            moves.put(disks.get(i).device(), positional.get(i));
        }
        for (Map.Entry<String, String> e : named.entrySet()) {
            if (disks.stream().noneMatch(d -> d.device().equals(e.getKey()))) {
                throw new IllegalArgumentException("--disk " + e.getKey() + "=" + e.getValue() + ": the layout has no disk "
                        + e.getKey() + " (" + disks.stream().map(DiskLayout.Disk::device).toList() + ")");
            }
            if (moves.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("--disk: layout disk " + e.getKey() + " is given both by position and by name");
            }
        }
        Map<String, String> deviceMoves = new HashMap<>();
        List<DiskLayout.Disk> newDisks = new ArrayList<>();
        for (DiskLayout.Disk d : disks) {
            String to = moves.getOrDefault(d.device(), d.device());
            DiskLayout.Disk moved = new DiskLayout.Disk(to, d.wipeOnReinstall(), d.partitions());
            deviceMoves.put(d.device(), to);
            for (DiskLayout.Partition p : d.partitions()) {
                deviceMoves.put(d.partitionDevice(p.number()), moved.partitionDevice(p.number()));
            }
            newDisks.add(moved);
        }
        List<DiskLayout.Filesystem> filesystems = layout.filesystems().stream()
                .map(f -> new DiskLayout.Filesystem(deviceMoves.getOrDefault(f.device(), f.device()), f.format(), f.path(),
                        f.label(), f.createOptions(), f.mountOptions()))
                .toList();
        List<DiskLayout.Raid> raids = layout.raids().stream()
                .map(r -> new DiskLayout.Raid(r.name(), r.level(), moved(r.devices(), deviceMoves), r.spares(), r.createOptions()))
                .toList();
        List<DiskLayout.VolumeGroup> groups = layout.volumeGroups().stream()
                .map(g -> new DiskLayout.VolumeGroup(g.name(), moved(g.devices(), deviceMoves), g.tags()))
                .toList();
        return new DiskLayout(newDisks, filesystems, raids, groups, layout.logicalVolumes());
    }

    private static List<String> moved(List<String> devices, Map<String, String> deviceMoves) {
        return devices.stream().map(d -> deviceMoves.getOrDefault(d, d)).toList();
    }
}
