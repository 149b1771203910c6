package io.osimg.archive.cpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our newc archives read by GNU cpio: the names it lists, and what {@code cpio -i} makes of them. */
class NewcCpioIT {
    private static final long MTIME = 1_764_115_200L;

    @TempDir
    Path dir;

    private String run(Path workDir, Path stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectInput(stdin.toFile())
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + err).isZero();
        return out;
    }

    private int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void gnuCpioListsAndExtractsWhatWeWrote() throws Exception {
        byte[] big = new byte[300_001];
        new java.util.Random(11).nextBytes(big);
        Path source = Files.write(dir.resolve("source.bin"), big);
        List<CpioEntry> entries = List.of(
                CpioEntry.file("init", 0755, "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8)),
                CpioEntry.file("usr/lib/big.bin", 0644, source),
                CpioEntry.file("usr/bin/busybox", 04755, new byte[] {1, 2, 3, 4, 5}),
                CpioEntry.hardLink("usr/bin/sh", "usr/bin/busybox"),
                CpioEntry.hardLink("usr/bin/ls", "usr/bin/busybox"),
                CpioEntry.symlink("bin", "usr/bin"),
                CpioEntry.directory("tmp", 01777),
                CpioEntry.file("etc/empty", 0600, new byte[0]),
                CpioEntry.file("etc/\u00e9t\u00e9", 0640, "summer".getBytes(StandardCharsets.UTF_8)),
                CpioEntry.charDevice("dev/console", 0600, 5, 1),
                CpioEntry.blockDevice("dev/vda", 0660, 253, 0));
        Path archive = dir.resolve("initramfs.cpio");
        try (OutputStream out = Files.newOutputStream(archive)) {
            NewcWriter.Summary s = new NewcWriter(MTIME).write(entries, out);
            assertThat(s.members()).isEqualTo(16);   // 11 + dev, etc, usr, usr/bin, usr/lib
            assertThat(s.contentBytes()).isEqualTo(18 + 300_001 + 5 + 6 + "usr/bin".length());
            assertThat(s.archiveBytes()).isEqualTo(Files.size(archive));
        }

        assertThat(run(dir, archive, "cpio", "-t", "--quiet").lines().toList()).containsExactly(
                "bin", "dev", "dev/console", "dev/vda", "etc", "etc/empty", "etc/\u00e9t\u00e9", "init", "tmp", "usr", "usr/bin",
                "usr/bin/busybox", "usr/bin/ls", "usr/bin/sh", "usr/lib", "usr/lib/big.bin");

        assumeTrue(System.getProperty("user.name").equals("root"), "cpio -i makes device nodes and keeps owners only as root");
        Path out = Files.createDirectory(dir.resolve("out"));
        run(out, archive, "cpio", "-i", "--quiet", "--make-directories", "--preserve-modification-time", "--no-absolute-filenames");
        assertThat(out.resolve("init")).hasContent("#!/bin/sh\necho hi");
        assertThat(mode(out.resolve("init"))).isEqualTo(0100755);
        assertThat(out.resolve("usr/lib/big.bin")).hasBinaryContent(big);
        assertThat(out.resolve("usr/bin/sh")).hasBinaryContent(new byte[] {1, 2, 3, 4, 5});
        assertThat(mode(out.resolve("usr/bin/busybox"))).isEqualTo(0104755);
        Object ino = Files.getAttribute(out.resolve("usr/bin/busybox"), "unix:ino");
        assertThat(Files.getAttribute(out.resolve("usr/bin/sh"), "unix:ino")).isEqualTo(ino);
        assertThat(Files.getAttribute(out.resolve("usr/bin/ls"), "unix:ino")).isEqualTo(ino);
        assertThat(Files.getAttribute(out.resolve("usr/bin/sh"), "unix:nlink")).isEqualTo(3);
        assertThat(Files.readSymbolicLink(out.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
        assertThat(mode(out.resolve("tmp"))).isEqualTo(041777);
        assertThat(out.resolve("etc/empty")).isEmptyFile();
        assertThat(mode(out.resolve("etc/empty"))).isEqualTo(0100600);
        assertThat(out.resolve("etc/\u00e9t\u00e9")).hasContent("summer");
        assertThat(mode(out.resolve("dev/console"))).isEqualTo(020600);
        assertThat(Files.getAttribute(out.resolve("dev/console"), "unix:rdev")).isEqualTo((5L << 8) | 1);
        assertThat(mode(out.resolve("dev/vda"))).isEqualTo(060660);
        assertThat(Files.getAttribute(out.resolve("dev/vda"), "unix:rdev")).isEqualTo(253L << 8);
        assertThat(Files.getAttribute(out.resolve("usr/lib/big.bin"), "unix:uid")).isEqualTo(0);
        assertThat(Files.getLastModifiedTime(out.resolve("usr/lib/big.bin")).toMillis()).isEqualTo(MTIME * 1000);
        assertThat(Files.getLastModifiedTime(out.resolve("init")).toMillis()).isEqualTo(MTIME * 1000);
    }
}
