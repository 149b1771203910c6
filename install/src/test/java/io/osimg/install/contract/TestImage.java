package io.osimg.install.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A tiny image root for tests: busybox (from busybox-static) in {@code /bin} with a symbolic link per applet,
 * and an {@code /install.sh} given by the test. Also the safe clean-up of such a root.
 */
final class TestImage {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    private TestImage() {
    }

    /** A new root under {@code parent} with busybox and {@code script} as {@code /install.sh}. */
    static Path create(Path parent, String script) throws IOException, InterruptedException {
        Path root = Files.createDirectory(parent.resolve("rootfs"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        List<String> applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(a -> !a.isBlank() && !a.equals("busybox")).toList();
        if (list.waitFor() != 0 || !applets.contains("sh")) {
            throw new IOException("busybox --list failed: " + applets);
        }
        for (String applet : applets) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(root.resolve("etc/lvm"));
        Files.createDirectories(root.resolve("tmp"));
        writeScript(root, "install.sh", script);
        return root;
    }

    static void writeScript(Path root, String name, String script) throws IOException {
        Path file = root.resolve(name);
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The mount points at or below {@code dir} now. */
    static List<Path> mountsUnder(Path dir) throws IOException {
        return MountTable.mountsUnder(Path.of("/proc/self/mountinfo"), dir.toRealPath());
    }

    /**
     * Detaches whatever is still mounted below {@code dir} (deepest first), then removes {@code dir} without
     * crossing into another file system; refuses to remove anything while a mount remains.
     */
    static void cleanUp(Path dir) throws IOException, InterruptedException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> left = mountsUnder(dir);
        for (Path p : left.reversed()) {
            new ProcessBuilder("umount", "-l", p.toString()).inheritIO().start().waitFor();
        }
        if (!mountsUnder(dir).isEmpty()) {
            throw new IllegalStateException("still mounted below " + dir + ": " + mountsUnder(dir) + "; not removing it");
        }
        new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).inheritIO().start().waitFor();
    }
}
