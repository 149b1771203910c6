package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A build into a store whose file system fills up (a 2 MiB tmpfs, mounted as root) fails with one line that says the
 * store is full, not that the source is broken, and leaves nothing in the store: from a tar, a compressed tar and a
 * directory.
 */
class StoreFullIT {
    Path work;
    Path store;
    Path tree;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-full-it");
        store = Files.createDirectories(work.resolve("store"));
        tree = Files.createDirectories(work.resolve("rootfs/etc"));
        byte[] noise = new byte[6 << 20];
        new Random(3).nextBytes(noise);
        Files.write(tree.resolve("blob"), noise);
        tree = tree.getParent();
        run("mount", "-t", "tmpfs", "-o", "size=2m", "osimg-full-it", store.toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            run("umount", store.toString());
        } finally {
            new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
        }
    }

    @Test
    void aFullStoreIsNamedAsTheCauseAndNothingIsLeft() throws Exception {
        Path tar = work.resolve("rootfs.tar");
        run("tar", "-cf", tar.toString(), "-C", tree.toString(), ".");
        Path gz = work.resolve("rootfs.tar.gz");
        run("sh", "-c", "gzip -1 -c " + tar + " > " + gz);
        int release = 20261101;
        for (Path source : new Path[] {tar, gz, tree}) {
            CliRun build = CliRun.of("build", source.toString(), "--os", "debian", "--version", "12",
                    "--release", String.valueOf(release++), "--store", store.toString());
            String context = source + " -> " + build.exitCode() + ": " + build.err();
            assertThat(build.exitCode()).as(context).isEqualTo(Main.FAILED);
            assertThat(build.err().lines().toList()).as(context).hasSize(1);
            assertThat(build.err()).as(context)
                    .startsWith("osimg build: " + store + ": the store is full (no space left on device)")
                    .doesNotContain("source");
            try (Stream<Path> left = Files.walk(store)) {
                assertThat(left.map(p -> store.relativize(p).toString())).as(context).isSubsetOf("", ".staging");
            }
        }
    }

    @Test
    void decompressingOntoAFullFileSystemNamesTheOutputAndRemovesIt() throws Exception {
        Path tar = work.resolve("rootfs.tar");
        run("tar", "-cf", tar.toString(), "-C", tree.toString(), ".");
        Path gz = work.resolve("rootfs.tar.gz");
        run("sh", "-c", "gzip -1 -c " + tar + " > " + gz);
        Path out = store.resolve("rootfs.tar");
        CliRun run = CliRun.of("decompress", gz.toString(), "-O", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.FAILED);
        assertThat(run.err().lines().toList()).as(run.err()).hasSize(1);
        assertThat(run.err()).as(run.err()).startsWith("osimg decompress: " + out + ": No space left on device");
        assertThat(out).doesNotExist();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
    }
}
