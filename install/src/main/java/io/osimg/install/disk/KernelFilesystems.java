package io.osimg.install.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Which file system types the running kernel can mount: those in {@code /proc/filesystems} and those it can load
 * as a module ({@code /lib/modules/<release>/.../<type>.ko*}). Paths are parameters so tests can use their own.
 */
public final class KernelFilesystems {

    private final Path procFilesystems;
    private final Path modules;

    public KernelFilesystems(Path procFilesystems, Path modules) {
        this.procFilesystems = procFilesystems;
        this.modules = modules;
    }

    /** The running kernel's. */
    public static KernelFilesystems system() {
        String release;
        try {
            release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            release = System.getProperty("os.version");
        }
        return new KernelFilesystems(Path.of("/proc/filesystems"), Path.of("/lib/modules", release));
    }

    /** True when the kernel has the type built in or loaded, or a module of that name exists. */
    public boolean supports(String type) throws IOException {
        if (Files.exists(procFilesystems)) {
            for (String line : Files.readAllLines(procFilesystems)) {
                String[] f = line.trim().split("\\s+");
                if (f[f.length - 1].equals(type)) {
                    return true;
                }
            }
        }
        if (!Files.isDirectory(modules)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(modules)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(type + ".ko"));
        }
    }
}
