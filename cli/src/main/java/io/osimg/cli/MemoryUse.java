package io.osimg.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line about this JVM's memory for {@code install --report-memory} (the installer ramdisk sets it): the kernel's
 * view of the process from {@code /proc/self/status} (peak resident set {@code VmHWM}, now {@code VmRSS} and its
 * parts: anonymous, file-backed, shared memory) and the JVM's (heap committed and its maximum, non-heap committed).
 */
final class MemoryUse {

    private static final List<String> KEYS = List.of("VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem");

    private MemoryUse() {
    }

    static String line(String who) {
        StringBuilder b = new StringBuilder(who).append(": memory:");
        try {
            status(Files.readString(Path.of("/proc/self/status"))).forEach((k, v) -> b.append(' ').append(k).append(' ')
                    .append(v).append(" MiB"));
        } catch (IOException | RuntimeException e) {
            b.append(" /proc/self/status unreadable (").append(e.getMessage()).append(')');
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long nonHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.NON_HEAP)
                .mapToLong(p -> p.getUsage().getCommitted()).sum();
        b.append(", heap committed ").append(mib(heap.getCommitted())).append(" MiB of max ")
                .append(mib(heap.getMax())).append(" MiB, non-heap committed ").append(mib(nonHeap)).append(" MiB");
        try {
            Map<String, String> machine = meminfo(Files.readString(Path.of("/proc/meminfo")));
            if (!machine.isEmpty()) {
                b.append("; machine:");
                machine.forEach((k, v) -> b.append(' ').append(k).append(' ').append(v).append(" MiB"));
            }
        } catch (IOException | RuntimeException e) {
            // no /proc/meminfo: the process's figures only
        }
        return b.toString();
    }

    /**
     * The machine's side of {@code /proc/meminfo} in MiB: total, available, and {@code Shmem}, which holds a ramdisk's
     * files (the unpacked initramfs lives in the rootfs tmpfs) and so the installer's runtime and jars.
     */
    static Map<String, String> meminfo(String text) {
        return values(text, List.of("MemTotal", "MemAvailable", "Shmem"));
    }

    /** The {@link #KEYS} of a {@code /proc/PID/status} text, in MiB (one decimal), in that order. */
    static Map<String, String> status(String text) {
        return values(text, KEYS);
    }

    private static Map<String, String> values(String text, List<String> keys) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String key : keys) {
            for (String line : text.split("\n")) {
                if (line.startsWith(key + ":")) {
                    String kb = line.substring(key.length() + 1).strip().split("\\s+")[0];
                    found.put(key, String.format("%.1f", Long.parseLong(kb) / 1024.0));
                }
            }
        }
        return found;
    }

    private static String mib(long bytes) {
        return String.format("%.1f", bytes / 1048576.0);
    }
}
