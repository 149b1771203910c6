package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.transfer.RawServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input to every command that takes it: devices, a huge sparse file, binary and garbage files, a
 * directory, a missing file, a refused connection, a missing store. Each is answered with exit 1 or 2 and exactly
 * one line on standard error that names the input and the cause, quickly, and leaves nothing half-written.
 */
@Timeout(120)
class BadInputTest {

    @TempDir
    static Path base;
    static Path sparse;
    static Path binary;
    static Path garbage;
    static Path directory;
    static Path missing;
    static Path store;
    static Path root;

    @BeforeAll
    static void setUp() throws IOException {
        sparse = base.resolve("sparse");
        try (RandomAccessFile raf = new RandomAccessFile(sparse.toFile(), "rw")) {
            raf.setLength(10L << 30);
        }
        byte[] random = new byte[4096];
        new Random(9).nextBytes(random);
        random[0] = (byte) 0xff;
        binary = Files.write(base.resolve("binary"), random);
        garbage = Files.writeString(base.resolve("garbage.txt"), "this is not what it should be\n");
        directory = Files.createDirectories(base.resolve("a-directory"));
        missing = base.resolve("missing");
        store = Files.createDirectories(base.resolve("store"));
        root = Files.createDirectories(base.resolve("root"));
    }

    /** The cause the one line must give for each kind of bad document. */
    private record Bad(Path input, String cause) { }

    private static List<Bad> badDocuments() {
        return List.of(new Bad(sparse, "too large for a document (10737418240 bytes"),
                new Bad(Path.of("/dev/zero"), "not a regular file"),
                new Bad(Path.of("/dev/urandom"), "not a regular file"),
                new Bad(binary, "not UTF-8 text (byte 0)"),
                new Bad(directory, "is a directory"),
                new Bad(missing, "no such file"));
    }

    @Test
    void machineDocuments() throws IOException {
        Path image = Files.write(base.resolve("img.tar.lz4"), new byte[] {1, 2, 3});
        for (Bad bad : badDocuments()) {
            assertOneLine(bad.input(), bad.cause(), "install", "--image", image.toString(), "--machine",
                    bad.input().toString(), "--root", root.toString());
        }
        assertOneLine(garbage, "machine document", "install", "--image", image.toString(), "--machine",
                garbage.toString(), "--root", root.toString());
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void catalogs() throws IOException {
        for (Bad bad : badDocuments()) {
            if (bad.input().equals(directory)) {
                continue; // a directory is a store: an empty one, and "nothing matches" is the answer
            }
            assertOneLine(bad.input(), bad.cause(), "list", "--catalog", bad.input().toString());
            assertOneLine(bad.input(), bad.cause(), "resolve", "debian-12", "--catalog", bad.input().toString());
            assertOneLine(bad.input(), bad.cause(), "install", "--image", "debian-12", "--catalog",
                    bad.input().toString(), "--root", root.toString());
        }
        assertOneLine(garbage, "not JSON", "list", "--catalog", garbage.toString());
        assertOneLine(garbage, "not JSON", "install", "--image", "debian-12", "--catalog", garbage.toString(),
                "--root", root.toString());
    }

    @Test
    void inUseLists() {
        for (Bad bad : badDocuments()) {
            assertOneLine(bad.input(), bad.cause(), "prune", "--store", store.toString(), "--in-use",
                    bad.input().toString(), "--dry-run");
        }
        assertOneLine(garbage, "no '-' between OS and version", "prune", "--store", store.toString(), "--in-use",
                garbage.toString(), "--dry-run");
    }

    /** Refused before any work: a device never ends, and 10 GB of zeros would be read to their end to find nothing. */
    @Test
    @Timeout(60)
    void buildSources() throws IOException {
        int release = 20261101;
        List<Bad> sources = List.of(new Bad(Path.of("/dev/zero"), "neither a directory nor a regular file"),
                new Bad(Path.of("/dev/urandom"), "neither a directory nor a regular file"),
                new Bad(sparse, "holds no entries"),
                new Bad(binary, "not a complete tar archive"),
                new Bad(garbage, "not a complete tar archive"),
                new Bad(missing, "does not exist"));
        for (Bad bad : sources) {
            assertOneLine(bad.input(), bad.cause(), "build", bad.input().toString(), "--os", "debian",
                    "--version", "12", "--release", String.valueOf(release++), "--store", store.toString());
        }
        try (Stream<Path> left = Files.walk(store)) {
            assertThat(left.map(p -> store.relativize(p).toString())).isSubsetOf("", ".staging");
        }
    }

    @Test
    void decompressRefusesWhatIsNotCompressedAndLeavesNoOutput() {
        Path out = base.resolve("decompressed");
        for (Bad bad : List.of(new Bad(garbage, "not a compressed file"), new Bad(binary, "not a compressed file"),
                new Bad(Path.of("/dev/zero"), "not a compressed file"), new Bad(directory, "is a directory"),
                new Bad(missing, "no such file"))) {
            CliRun run = assertOneLine(bad.input(), bad.cause(), "decompress", bad.input().toString(), "-O", out.toString());
            assertThat(run.exitCode()).isEqualTo(Main.FAILED);
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void refusedConnectionNamesTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/metal-os/20261120/debian/12/img.tar.lz4";
        CliRun run = assertOneLine(url, "connection refused", "install", "--image", url, "--root",
                root.toString(), "--attempts", "1");
        assertThat(run.err()).doesNotContain(": null");
    }

    /** The deadlines on the command line: a stalled and a dripping server fail within them, naming URL and option. */
    @Test
    void stalledAndDrippingServersFailWithinTheDeadlines() throws IOException {
        try (RawServer stalled = RawServer.stalling(1_000_000, 100);
             RawServer dripping = RawServer.dripping(1_000_000, Duration.ofMillis(50))) {
            CliRun run = assertOneLine(stalled.url().toString(), ": no byte for 1 s (--idle-timeout)", "install",
                    "--image", stalled.url() + "/img.tar.lz4", "--root", root.toString(), "--idle-timeout", "1s",
                    "--attempts", "2");
            assertThat(run.err()).contains("giving up after 2 attempts");
            run = assertOneLine(dripping.url().toString(), " bytes in 1 s, below the minimum of 1024 bytes/s (--min-rate)",
                    "install", "--image", dripping.url() + "/img.tar.lz4", "--root", root.toString(),
                    "--min-rate", "1K", "--min-rate-window", "1s", "--attempts", "1");
            assertThat(run.err()).doesNotContain("extracting");
        }
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void storesThatAreNone() throws IOException {
        assertOneLine(missing, "no such store directory", "serve", "--store", missing.toString(),
                "--listen", "127.0.0.1:0");
        assertThat(missing).doesNotExist();
        assertOneLine(garbage, "not a directory", "serve", "--store", garbage.toString(), "--listen", "127.0.0.1:0");
    }

    /** Runs osimg; exit 1 or 2 and exactly one line on stderr naming {@code input} and {@code cause}. */
    private static CliRun assertOneLine(Path input, String cause, String... args) {
        return assertOneLine(input.toString(), cause, args);
    }

    private static CliRun assertOneLine(String input, String cause, String... args) {
        CliRun run = CliRun.of(args);
        String context = String.join(" ", args) + " -> exit " + run.exitCode() + ", stderr: " + run.err();
        assertThat(run.exitCode()).as(context).isIn(Main.FAILED, Main.USAGE);
        List<String> lines = new ArrayList<>(run.err().lines().toList());
        // install and mirror say once that no --trust policy checks signatures; the error is the one line after it
        lines.removeIf(l -> l.startsWith("warning: no --trust") || l.startsWith("osimg mirror: warning: no --trust"));
        assertThat(lines).as(context).hasSize(1);
        assertThat(lines.getFirst()).as(context).startsWith("osimg " + args[0] + ": ")
                .contains(input).contains(cause);
        assertThat(run.err().getBytes(StandardCharsets.UTF_8).length).as(context).isLessThan(1000);
        return run;
    }
}
