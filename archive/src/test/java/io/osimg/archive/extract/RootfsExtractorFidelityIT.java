package io.osimg.archive.extract;

import io.osimg.archive.tree.TreeSnapshot;
import io.osimg.archive.posix.FileType;
import io.osimg.archive.tar.TarReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test against GNU tar: the same archive is extracted by {@code tar --xattrs -xp
 * --numeric-owner} and by {@link RootfsExtractor}, and the two trees must agree in everything observable
 * (type, mode, owner, size, content, link target, device numbers, xattrs of all namespaces, nanosecond
 * mtimes of everything including symbolic links, hard-link groups). Once on a tree holding every kind
 * of entry, once on a real Debian root file system. Runs as root under /var/tmp (ext4 with trusted.* and
 * security.* xattrs).
 */
class RootfsExtractorFidelityIT {

    private static Path work;

    @BeforeAll
    static void makeWorkDirectory() throws IOException {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-extract-it");
    }

    @AfterAll
    static void removeWorkDirectory() throws Exception {
        if (work != null) {
            Command.run("rm", "-rf", work.toString()).check();
        }
    }

    @Test
    void everyKindOfEntryComesOutAsGnuTarMakesIt() throws Exception {
        Path src = work.resolve("special-src");
        RootfsFixture.create(src);
        Path tar = work.resolve("special.tar");
        RootfsFixture.archive(src, tar);
        Path gnu = Files.createDirectory(work.resolve("special-gnu"));
        Path ours = Files.createDirectory(work.resolve("special-ours"));

        Command x = Command.run("tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-xpf", tar.toString(),
                "-C", gnu.toString()).check();
        assertThat(x.stderr()).isEmpty();
        List<String> warnings = new ArrayList<>();
        RootfsExtractor.Result result;
        try (TarReader reader = new TarReader(new BufferedInputStream(Files.newInputStream(tar), 1 << 20))) {
            result = RootfsExtractor.extractAll(reader, ours,
                    new RootfsExtractor.Options(RootfsExtractor.Options.DEFAULT_MAX_ENTRY_SIZE, true, warnings::add));
        }
        assertThat(warnings).isEmpty();

        TreeSnapshot expected = TreeSnapshot.of(gnu);
        TreeSnapshot actual = TreeSnapshot.of(ours);
        assertSameTree(expected, actual);
        assertThat(actual.linkGroups()).contains(List.of("hl1", "hl3", "sub/hl2"));

        // the fixture really holds what the comparison claims to cover
        TreeSnapshot.Node ping = actual.nodes.get("ping");
        assertThat(ping.xattrs()).containsEntry("security.capability", HexFormat.of().formatHex(RootfsFixture.CAPABILITY));
        assertThat(ping.mode()).isEqualTo("755");
        assertThat(actual.nodes.get("file.txt").xattrs()).containsKeys("user.x", "trusted.x");
        assertThat(actual.nodes.get("xdir").xattrs()).containsKeys("user.dir", "trusted.dir");
        assertThat(actual.nodes.get("link").xattrs()).containsKey("trusted.on-a-symlink");
        assertThat(actual.nodes.get("link").mtime().getNano()).isNotZero();
        assertThat(actual.nodes.get("dangling").link()).isEqualTo("does/not/exist");
        assertThat(actual.nodes.get("owned3M").uid()).isEqualTo(3_000_000);
        assertThat(actual.nodes.get("owned70000").gid()).isEqualTo(80_000);
        assertThat(actual.nodes.get("setuid").mode()).isEqualTo("4755");
        assertThat(actual.nodes.get("setgid").mode()).isEqualTo("2755");
        assertThat(actual.nodes.get("tmp").mode()).isEqualTo("1777");
        assertThat(actual.nodes.get("ro").mode()).isEqualTo("555");
        assertThat(actual.nodes.get("ro/a").sha256()).isNotNull();
        assertThat(actual.nodes.get("dev/null").rdev()).isEqualTo("1:3");
        assertThat(actual.nodes.get("dev/loop200").type()).isEqualTo(FileType.BLOCK_DEVICE);
        assertThat(actual.nodes.get("dev/loop200").rdev()).isEqualTo("7:200");
        assertThat(actual.nodes.get("fifo").type()).isEqualTo(FileType.FIFO);
        assertThat(actual.nodes.get(TreeSnapshot.show(RootfsFixture.ODD_NAME)).sha256()).isNotNull();
        assertThat(actual.nodes.get("holey").size()).isEqualTo(10L * 1024 * 1024 + 123);
        assertThat(actual.nodes.get("xdir").mtime().getNano()).isNotZero();
        assertThat(actual.nodes.keySet()).anyMatch(p -> p.length() > 255);

        assertThat(result.files()).isEqualTo(actual.nodes.values().stream().filter(n -> n.type() == FileType.REGULAR).count() - 2);
        assertThat(result.links()).isEqualTo(3 + 2); // link, dangling, longlink; hl3, sub/hl2
        assertThat(result.directories()).isEqualTo(actual.nodes.values().stream().filter(n -> n.type() == FileType.DIRECTORY).count());
        assertThat(result.bytes()).isEqualTo(actual.nodes.values().stream()
                .filter(n -> n.type() == FileType.REGULAR).mapToLong(TreeSnapshot.Node::size).sum()
                - 2 * actual.nodes.get("hl1").size());
    }

    @Test
    void theDebianRootFileSystemComesOutAsGnuTarMakesIt() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Command made = Command.runIn(repo, "scripts/debian-rootfs", "--variant", "kernel").check();
        Path tarball = Path.of(made.stdout().strip());
        assertThat(tarball).isRegularFile();
        Command.run("sh", "-c", "cat \"$0\" >/dev/null", tarball.toString()).check(); // warm the page cache for both runs
        Path gnu = Files.createDirectory(work.resolve("debian-gnu"));
        Path ours = Files.createDirectory(work.resolve("debian-ours"));
        try {
            Command.run("sync");
            long t0 = System.nanoTime();
            Command x = Command.run("tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-xpf",
                    tarball.toString(), "-C", gnu.toString()).check();
            long gnuNanos = System.nanoTime() - t0;
            assertThat(x.stderr()).isEmpty();

            Command.run("sync");
            List<String> warnings = new ArrayList<>();
            long t1 = System.nanoTime();
            RootfsExtractor.Result result;
            try (TarReader reader = new TarReader(new BufferedInputStream(Files.newInputStream(tarball), 1 << 20))) {
                result = RootfsExtractor.extractAll(reader, ours,
                        new RootfsExtractor.Options(RootfsExtractor.Options.DEFAULT_MAX_ENTRY_SIZE, true, warnings::add));
            }
            long ourNanos = System.nanoTime() - t1;
            System.out.printf("extracting %s (%d entries, %d files, %d bytes): GNU tar -xpf %.2f s, RootfsExtractor %.2f s%n",
                    tarball, result.entries(), result.files(), result.bytes(), gnuNanos / 1e9, ourNanos / 1e9);
            assertThat(warnings).isEmpty();

            TreeSnapshot expected = TreeSnapshot.of(gnu);
            TreeSnapshot actual = TreeSnapshot.of(ours);
            assertThat(expected.nodes).hasSizeGreaterThan(10_000);
            assertSameTree(expected, actual);
            assertThat(actual.nodes.get("usr/bin/sudo").mode()).isEqualTo("4755");
            assertThat(actual.nodes.get("bin").type()).isEqualTo(FileType.SYMLINK);
            assertThat(actual.nodes.get("tmp").mode()).isEqualTo("1777");
            assertThat(actual.nodes.values()).anyMatch(n -> n.type() == FileType.REGULAR && n.mtime().getNano() != 0);
        } finally {
            Command.run("rm", "-rf", gnu.toString(), ours.toString());
        }
    }

    private static void assertSameTree(TreeSnapshot expected, TreeSnapshot actual) {
        assertThat(actual.nodes.keySet()).containsExactlyElementsOf(expected.nodes.keySet());
        for (String path : expected.nodes.keySet()) {
            assertThat(actual.nodes.get(path)).as(path).isEqualTo(expected.nodes.get(path));
        }
        assertThat(actual.linkGroups()).isEqualTo(expected.linkGroups());
    }
}
