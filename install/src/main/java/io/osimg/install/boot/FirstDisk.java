package io.osimg.install.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The default target disk when {@code osimg.disk=} is not given: the first (by name) block device in
 * {@code /sys/block} that is a whole disk, not removable, not read-only and not empty. Loop, RAM, optical, md and
 * device-mapper devices are never chosen. The sysfs directory is a parameter so tests use a temporary one.
 */
public final class FirstDisk {
    private static final List<String> NOT_DISKS = List.of("loop", "ram", "zram", "sr", "md", "dm-", "fd", "nbd");

    private FirstDisk() {
    }

    /** The first disk under {@code sysBlock} ({@code /sys/block}), as {@code /dev/NAME}. */
    public static Optional<String> find(Path sysBlock) throws IOException {
        if (!Files.isDirectory(sysBlock)) {
            throw new IOException("looking for the target disk: " + sysBlock + " is not a directory (is /sys mounted?)");
        }
        try (Stream<Path> s = Files.list(sysBlock)) {
            for (Path dev : s.sorted().toList()) {
                String name = dev.getFileName().toString();
                if (NOT_DISKS.stream().noneMatch(name::startsWith) && flag(dev, "removable").equals("0")
                        && flag(dev, "ro").equals("0") && !flag(dev, "size").equals("0") && !flag(dev, "size").isEmpty()) {
                    return Optional.of("/dev/" + name);
                }
            }
        }
        return Optional.empty();
    }

    private static String flag(Path dev, String name) throws IOException {
        Path f = dev.resolve(name);
        return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.US_ASCII).strip() : "";
    }
}
