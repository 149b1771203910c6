package io.osimg.image.ramdisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Java runtime cut down with jlink to the modules osimg's jars use, as {@code jdeps --print-module-deps} finds
 * them, plus those reached only by reflection or service loading (named in {@link #ALWAYS}).
 */
final class JavaRuntime {
    /** java.net.http (the fetcher) and jdk.unsupported (sun.misc.Unsafe: netty, lz4-java), whatever jdeps says. */
    static final List<String> ALWAYS = List.of("java.base", "java.net.http", "jdk.unsupported");
    /**
     * Left out although jdeps names it: java.desktop, which Jackson and SnakeYAML reach only for java.beans
     * annotations and introspection they do without when it is missing, and whose native libraries need X11.
     */
    static final List<String> LEFT_OUT = List.of("java.desktop");

    private JavaRuntime() {
    }

    /** The modules {@code jars} need. */
    static List<String> modules(Path javaHome, List<Path> jars) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/jdeps").toString(), "--multi-release",
                String.valueOf(Runtime.version().feature()), "--ignore-missing-deps", "--print-module-deps"));
        jars.forEach(j -> cmd.add(j.toString()));
        String out = Commands.run(cmd, Map.of()).strip();
        String last = out.lines().reduce((a, b) -> b).orElse("");
        if (!last.matches("[a-z0-9.,]+")) {
            throw new IOException("jdeps gave no module list: " + out);
        }
        TreeSet<String> modules = new TreeSet<>(List.of(last.split(",")));
        modules.addAll(ALWAYS);
        modules.removeAll(LEFT_OUT);
        return List.copyOf(modules);
    }

    /** Runs jlink into {@code out} (which must not exist): no debug symbols, man pages or headers, uncompressed. */
    static void link(Path javaHome, List<String> modules, Path out) throws IOException {
        if (Files.exists(out)) {
            throw new IOException("jlink output " + out + " exists");
        }
        Commands.run(List.of(javaHome.resolve("bin/jlink").toString(), "--add-modules", String.join(",", modules),
                "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=zip-0", "--output", out.toString()), Map.of());
    }
}
