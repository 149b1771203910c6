package io.osimg.install.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the kernel says about block devices: {@code /sys/class/block}, {@code /proc/self/mountinfo} and
 * {@code /proc/swaps}. The paths are parameters so tests can point them at files of their own.
 */
public final class BlockDevices {

    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private final Path sysClassBlock;
    private final Path mountInfo;
    private final Path swaps;

    public BlockDevices(Path sysClassBlock, Path mountInfo, Path swaps) {
        this.sysClassBlock = sysClassBlock;
        this.mountInfo = mountInfo;
        this.swaps = swaps;
    }

    /** The running system's. */
    public static BlockDevices system() {
        return new BlockDevices(Path.of("/sys/class/block"), Path.of("/proc/self/mountinfo"), Path.of("/proc/swaps"));
    }

    /**
     * The real path of a block device (symlinks such as {@code /dev/disk/by-id/...} resolved).
     *
     * @throws NoSuchFileException when it does not exist
     * @throws IOException         when it is not a block device
     */
    public Path blockDevice(String device) throws IOException {
        Path real;
        try {
            real = Path.of(device).toRealPath();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(device, null, "no such device");
        }
        int mode = (Integer) Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFBLK) {
            throw new IOException(device + " is not a block device");
        }
        return real;
    }

    /** The size of a block device in bytes ({@code /sys/class/block/NAME/size} counts 512-byte sectors). */
    public long sizeBytes(String name) throws IOException {
        return Long.parseLong(Files.readString(sysClassBlock.resolve(name).resolve("size")).strip()) * 512;
    }

    /** The kernel's partitions of a disk, by name ({@code loop3p1}), in the kernel's order. */
    public List<String> partitions(String name) throws IOException {
        Path dir = sysClassBlock.resolve(name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve("partition"))).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The partition number of a partition ({@code /sys/class/block/NAME/partition}). */
    public int partitionNumber(String partition) throws IOException {
        return Integer.parseInt(Files.readString(sysClassBlock.resolve(partition).resolve("partition")).strip());
    }

    /**
     * Why a disk or one of its partitions is in use, or empty when it is free: mounted (mountinfo by device number
     * or source path), an active swap, or held by another device (device mapper, md RAID).
     */
    public Optional<String> busy(String name) throws IOException {
        Optional<String> used = mountedOrSwap(name);
        if (used.isPresent()) {
            return used;
        }
        for (String n : withPartitions(name)) {
            List<String> h = holders(n);
            if (!h.isEmpty()) {
                return Optional.of("/dev/" + n + " is held by " + String.join(", ", h));
            }
        }
        return Optional.empty();
    }

    /** Whether a device or one of its partitions is mounted or an active swap, and which; empty when neither. */
    public Optional<String> mountedOrSwap(String name) throws IOException {
        List<String> mounts = Files.readAllLines(mountInfo);
        List<String> swapLines = Files.exists(swaps) ? Files.readAllLines(swaps) : List.of();
        for (String n : withPartitions(name)) {
            String devNumber = devNumber(n);
            for (String line : mounts) {
                String[] f = line.split(" ");
                int dash = line.indexOf(" - ");
                String source = dash < 0 ? "" : line.substring(dash + 3).split(" ")[1];
                if (f.length > 4 && (f[2].equals(devNumber) || source.equals("/dev/" + n))) {
                    return Optional.of("/dev/" + n + " is mounted on " + unescape(f[4]));
                }
            }
            for (String line : swapLines) {
                if (line.split("\\s+")[0].equals("/dev/" + n)) {
                    return Optional.of("/dev/" + n + " is an active swap");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The md arrays and device-mapper devices stacked on a disk or its partitions, directly or on each other, the
     * topmost first: the order in which they can be stopped ({@code md127}, {@code dm-3}).
     */
    public List<String> stacked(String name) throws IOException {
        List<String> order = new ArrayList<>();
        for (String n : withPartitions(name)) {
            collectHolders(n, order, 0);
        }
        return order;
    }

    private void collectHolders(String name, List<String> order, int depth) throws IOException {
        if (depth > 16) {
            throw new IOException("/sys/class/block: the devices stacked on " + name + " are nested more than 16 deep");
        }
        for (String h : holders(name)) {
            collectHolders(h, order, depth + 1);
            if (!order.contains(h)) {
                order.add(h);
            }
        }
    }

    /** The device-mapper name of {@code dm-N} ({@code /sys/class/block/dm-N/dm/name}, e.g. {@code vg0-root}). */
    public String dmName(String dm) throws IOException {
        return Files.readString(sysClassBlock.resolve(dm).resolve("dm").resolve("name")).strip();
    }

    private List<String> holders(String name) throws IOException {
        Path holders = sysClassBlock.resolve(name).resolve("holders");
        if (!Files.isDirectory(holders)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(holders)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private List<String> withPartitions(String name) throws IOException {
        List<String> names = new ArrayList<>();
        names.add(name);
        names.addAll(partitions(name));
        return names;
    }

    private String devNumber(String name) throws IOException {
        Path dev = sysClassBlock.resolve(name).resolve("dev");
        return Files.exists(dev) ? Files.readString(dev).strip() : "-";
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
