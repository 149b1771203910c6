package io.osimg.image.ramdisk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel modules the installer needs, with everything they depend on, read from the kernel's own
 * {@code modules.dep} and {@code modules.builtin} (as depmod wrote them): a name may be spelt with {@code -} or
 * {@code _}, a built-in one needs no file, an unknown one is an error naming it.
 *
 * @param files      the module files (paths relative to the modules directory), dependencies included, sorted
 * @param builtin    the names asked for that are built into the kernel
 * @param modulesDep the lines of {@code modules.dep} for exactly these files
 */
record KernelModules(List<String> files, List<String> builtin, String modulesDep) {

    /**
     * What the installer loads, in this order: disks and their buses, common NICs, the filesystems install --disk
     * makes, RAID (md), LVM (device mapper, dm-raid for raid1 volumes). crc32c comes before dm-raid, whose libcrc32c
     * asks the kernel for the algorithm by an alias the ramdisk's modprobe does not know (no modules.alias).
     */
    static final List<String> INSTALLER = List.of(
            "virtio_pci", "virtio_blk", "virtio_scsi", "virtio_net", "virtio_console",
            "nvme", "ahci", "ata_piix", "sd_mod", "sr_mod",
            "e1000", "e1000e", "igb", "ixgbe", "i40e", "ice", "bnxt_en", "tg3", "r8169", "mlx5_core",
            "ext4", "vfat", "nls_cp437", "nls_ascii", "nls_iso8859_1", "nls_utf8", "efivarfs",
            "crc32c_generic", "crc32c_intel", "md_mod", "raid0", "raid1", "dm_mod", "dm_raid");

    static String canonical(String name) {
        return name.replace('-', '_');
    }

    private static String nameOf(String file) {
        String base = file.substring(file.lastIndexOf('/') + 1);
        return canonical(base.substring(0, base.indexOf(".ko")));
    }

    /** Resolves {@code names} in {@code modulesDir} ({@code /lib/modules/VERSION}). */
    static KernelModules resolve(Path modulesDir, List<String> names) throws IOException {
        Map<String, String> fileOf = new HashMap<>();
        Map<String, List<String>> deps = new HashMap<>();
        Path dep = modulesDir.resolve("modules.dep");
        if (!Files.isRegularFile(dep)) {
            throw new IOException("kernel modules: no " + dep + " (is the kernel's package installed, and depmod run?)");
        }
        for (String line : Files.readAllLines(dep, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String file = line.substring(0, colon);
            fileOf.put(nameOf(file), file);
            String rest = line.substring(colon + 1).strip();
            deps.put(file, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
        }
        Set<String> builtinNames = new TreeSet<>();
        Path builtinList = modulesDir.resolve("modules.builtin");
        if (Files.isRegularFile(builtinList)) {
            for (String line : Files.readAllLines(builtinList, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    builtinNames.add(nameOf(line.strip()));
                }
            }
        }
        Set<String> files = new TreeSet<>();
        Set<String> builtin = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String n : names) {
            String c = canonical(n);
            if (fileOf.containsKey(c)) {
                todo.add(fileOf.get(c));
            } else if (builtinNames.contains(c)) {
                builtin.add(c);
            } else {
                throw new IOException("kernel module " + n + ": neither in " + dep + " nor built in (modules.builtin)");
            }
        }
        while (!todo.isEmpty()) {
            String f = todo.poll();
            if (files.add(f)) {
                todo.addAll(deps.getOrDefault(f, List.of()));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String f : files) {
            sb.append(f).append(':');
            for (String d : deps.getOrDefault(f, List.of())) {
                sb.append(' ').append(d);
            }
            sb.append('\n');
        }
        return new KernelModules(List.copyOf(files), List.copyOf(builtin), sb.toString());
    }
}
