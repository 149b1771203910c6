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
        return b.append(", heap committed ").append(mib(heap.getCommitted())).append(" MiB of max ")
                .append(mib(heap.getMax())).append(" MiB, non-heap committed ").append(mib(nonHeap)).append(" MiB")
                .toString();
    }

    /** The {@link #KEYS} of a {@code /proc/PID/status} text, in MiB (one decimal), in that order. */
    static Map<String, String> status(String text) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String key : KEYS) {
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
