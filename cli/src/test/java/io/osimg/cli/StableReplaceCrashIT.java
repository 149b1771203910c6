package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.store.fs.FsBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 1: {@code osimg build --channel stable} replacing a published image, killed (SIGKILL) at each of
 * its renames and deletions in turn ({@code strace} injects the kill in place of the N-th call of each of those
 * system calls, N = 1, 2, ... until the build runs through; on the code before the fix N = 2 left no stable image,
 * here N = 1 is the exchange and the later ones the deletion of the replaced image). After each kill the
 * store is opened as {@code osimg serve} opens it, and the stable image must be there, whole and verifying: the
 * old one or the new one, never none.
 */
class StableReplaceCrashIT {
    static final Path DEMO = Path.of("../examples/minimal-rootfs").toAbsolutePath().normalize();
    /** The calls a kill is injected into: every way the build renames or deletes. */
    static final String CALLS = "rename,renameat,renameat2,unlink,unlinkat,rmdir";
    static final int MAX_POINTS = 40;

    Path work;
    Path store;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-crash-it");
        store = work.resolve("images");
    }

    @AfterEach
    void tearDown() throws Exception {
        new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
    }

    @Test
    void killAtEveryRenameOrDeletionLeavesAWholeStableImage() throws Exception {
        Path[] sources = {rootfs("a"), rootfs("b")};
        Path image = store.resolve("stable/demo/1.0");
        Path scratch = work.resolve("scratch");
        CliRun other = CliRun.of("build", sources[1].toString(), "--os", "demo", "--version", "1.0", "--store", scratch.toString());
        assertThat(other.exitCode()).as(other.err()).isZero();
        CliRun first = CliRun.of("build", sources[0].toString(), "--os", "demo", "--version", "1.0", "--store", store.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        List<String> md5 = List.of(Files.readString(image.resolve("img.tar.lz4.md5")),
                Files.readString(scratch.resolve("stable/demo/1.0/img.tar.lz4.md5")));
        assertThat(md5.get(1)).isNotEqualTo(md5.get(0));

        int killed = 0;
        for (int point = 1; point <= MAX_POINTS; point++) {
            int next = md5.get(0).equals(Files.readString(image.resolve("img.tar.lz4.md5"))) ? 1 : 0;
            Path log = work.resolve("strace-" + point + ".log");
            List<String> command = new ArrayList<>(List.of("strace", "-f", "-o", log.toString(), "-e", "trace=" + CALLS,
                    "-e", "inject=" + CALLS + ":error=EIO:signal=SIGKILL:when=" + point));
            command.addAll(OsimgProcess.of().command());
            command.addAll(List.of("build", sources[next].toString(), "--os", "demo", "--version", "1.0",
                    "--store", store.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("out-" + point).toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            boolean wasKilled = Files.readString(log).contains("+++ killed by SIGKILL");
            if (!wasKilled) {
                assertThat(p.exitValue()).as(Files.readString(work.resolve("out-" + point))).isZero();
                assertThat(Files.readString(image.resolve("img.tar.lz4.md5"))).isEqualTo(md5.get(next));
                break; // the build has fewer such calls than this point: it ran to the end
            }
            killed++;

            new FsBlobStore(store).close(); // what `osimg serve` does first: recover the staging directory

            String at = "killed at call " + point + " (" + killedCall(log) + ")";
            System.out.println(at);
            assertThat(image.resolve("img.tar.lz4.md5")).as(at).exists();
            String now = Files.readString(image.resolve("img.tar.lz4.md5"));
            assertThat(md5).as(at).contains(now);
            CliRun verify = CliRun.of("verify", image.toString());
            assertThat(verify.exitCode()).as(at + ": " + verify.out() + verify.err()).isZero();
            assertThat(leftovers()).as(at + ": nothing of the killed build is left in .staging").isEmpty();
        }
        assertThat(killed).as("the build was killed at some point before it finished").isGreaterThanOrEqualTo(2);
    }

    /** Two root filesystems that differ in one file, so the two images differ. */
    private Path rootfs(String name) throws Exception {
        Path root = work.resolve("rootfs-" + name);
        assertThat(new ProcessBuilder("cp", "-a", DEMO.toString(), root.toString()).start().waitFor()).isZero();
        Files.writeString(root.resolve("etc/build-marker"), name + "\n");
        return root;
    }

    /** The entries of .staging that a build made ({@code build-*}). */
    private List<String> leftovers() throws IOException {
        Path staging = store.resolve(".staging");
        if (!Files.isDirectory(staging)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(staging)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("build-")).toList();
        }
    }

    private static String killedCall(Path log) throws IOException {
        List<String> calls = Files.readAllLines(log).stream()
                .filter(l -> l.matches("^\\d+ +(rename|renameat|renameat2|unlink|unlinkat|rmdir)\\(.*")).toList();
        return calls.isEmpty() ? "?" : calls.getLast().strip();
    }
}
