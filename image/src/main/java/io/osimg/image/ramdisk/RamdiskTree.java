package io.osimg.image.ramdisk;

import io.osimg.archive.cpio.CpioEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The members of the initramfs being assembled, by path. Host files keep their host path (the ramdisk is merged-usr
 * like Debian: {@code /bin}, {@code /sbin}, {@code /lib}, {@code /lib64} link into {@code /usr}), so a program
 * finds its libraries where {@code ldd} found them: each file is stored at its real path and the path it was asked
 * by becomes a symbolic link to it.
 */
final class RamdiskTree {
    /** ldd's lines: {@code libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)} and {@code /lib64/ld-linux-x86-64.so.2 (0x...)}. */
    private static final Pattern LDD = Pattern.compile("^\\s*(?:\\S+\\s+=>\\s+)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)\\s*$");

    private final Map<String, CpioEntry> entries = new TreeMap<>();
    private final Path hostRoot;

    /** @param hostRoot where host paths are read from ({@code /} in production) */
    RamdiskTree(Path hostRoot) {
        this.hostRoot = hostRoot;
        for (String top : List.of("bin", "sbin", "lib", "lib64")) {
            add(CpioEntry.symlink(top, "usr/" + top));
        }
        for (String dir : List.of("usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "proc", "sys", "dev", "run", "tmp",
                "etc", "root", "mnt", "var")) {
            add(CpioEntry.directory(dir, dir.equals("tmp") ? 01777 : dir.equals("root") ? 0700 : 0755));
        }
        add(CpioEntry.charDevice("dev/console", 0600, 5, 1));
        add(CpioEntry.charDevice("dev/null", 0666, 1, 3));
    }

    void add(CpioEntry e) {
        CpioEntry old = entries.putIfAbsent(e.name(), e);
        if (old != null && !same(old, e)) {
            throw new IllegalStateException("ramdisk path /" + e.name() + " added twice, differently");
        }
    }

    private static boolean same(CpioEntry a, CpioEntry b) {
        return a.type() == b.type() && a.mode() == b.mode() && java.util.Objects.equals(a.source(), b.source())
                && java.util.Arrays.equals(a.bytes(), b.bytes());
    }

    boolean has(String name) {
        return entries.containsKey(name);
    }

    List<CpioEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    Path host(String absolute) {
        return hostRoot.resolve(absolute.substring(1));
    }

    /** The path {@code absolute} names on the host with the merged-usr links of its parents resolved. */
    private String inRamdisk(Path hostPath) throws IOException {
        Path parent = hostPath.getParent().toRealPath();
        return hostRoot.relativize(parent.resolve(hostPath.getFileName())).toString();
    }

    /**
     * Adds the host file {@code absolute} (following links: the real file is stored at its real path, the path
     * given links to it) with its permission bits.
     */
    String addHostFile(String absolute) throws IOException {
        Path p = host(absolute);
        if (!Files.exists(p)) {
            throw new IOException("ramdisk: " + absolute + " not found on the build machine");
        }
        Path real = p.toRealPath();
        String realName = hostRoot.relativize(real).toString();
        if (!has(realName)) {
            int mode = (Integer) Files.getAttribute(real, "unix:mode") & 07777;
            add(Files.isDirectory(real) ? CpioEntry.directory(realName, mode) : CpioEntry.file(realName, mode, real));
        }
        String asked = inRamdisk(p);
        if (!asked.equals(realName) && !has(asked)) {
            add(CpioEntry.symlink(asked, "/" + realName));
        }
        return realName;
    }

    /** Adds a program and every shared library {@code ldd} says it loads. */
    void addProgram(String absolute) throws IOException {
        addHostFile(absolute);
        addLibrariesOf(host(absolute));
    }

    void addLibrariesOf(Path file) throws IOException {
        addLibrariesOf(file, null);
    }

    /**
     * Adds the shared libraries {@code file} loads, except those inside {@code own} (a jlink runtime, whose
     * libraries find each other by their RUNPATH; ldd is told where they are).
     */
    void addLibrariesOf(Path file, Path own) throws IOException {
        String out;
        try {
            out = Commands.run(List.of("ldd", file.toString()), own == null ? Map.of()
                    : Map.of("LD_LIBRARY_PATH", own.resolve("lib") + ":" + own.resolve("lib/server")));
        } catch (IOException e) {
            if (e.getMessage().contains("not a dynamic executable")) {
                return;   // static, or a script
            }
            throw e;
        }
        for (String line : out.lines().toList()) {
            if (line.contains("=> not found")) {
                throw new IOException("ramdisk: " + file + " needs a library the build machine lacks: " + line.strip());
            }
            Matcher m = LDD.matcher(line);
            if (m.matches() && (own == null || !Path.of(m.group(1)).startsWith(own))) {
                addHostFile(m.group(1));
            }
        }
    }

    /** Adds the directory tree {@code source} (files, links, directories) as it is, at {@code name}. */
    void addTree(Path source, String as) throws IOException {
        try (var walk = Files.walk(source)) {
            for (Path p : walk.sorted().toList()) {
                String rel = source.relativize(p).toString();
                String name = rel.isEmpty() ? as : as + "/" + rel;
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                if (Files.isSymbolicLink(p)) {
                    add(CpioEntry.symlink(name, Files.readSymbolicLink(p).toString()));
                } else if (Files.isDirectory(p)) {
                    add(CpioEntry.directory(name, mode));
                } else if (Files.isRegularFile(p)) {
                    add(CpioEntry.file(name, mode, p));
                }
            }
        }
    }

    void addText(String name, int mode, String text) {
        add(CpioEntry.file(name, mode, text.getBytes(StandardCharsets.UTF_8)));
    }
}
