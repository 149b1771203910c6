package io.osimg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osimg.archive.lz4.Lz4FrameOutputStream;
import io.osimg.archive.lz4.Lz4Options;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarWriter;
import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class InstallCommandTest {

    @TempDir
    Path dir;
    private Path store;
    private String md5;
    private long tarBytes;
    private long imageBytes;

    @BeforeEach
    void image() throws Exception {
        byte[] big = new byte[3 << 20];
        new Random(7).nextBytes(big);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(tar)) {
            w.write(TarEntry.builder("etc", EntryType.DIRECTORY).mode(0755).build(), null);
            w.write(TarEntry.builder("etc/hostname", EntryType.FILE).mode(0644).size(5).build(), new ByteArrayInputStream("test\n".getBytes()));
            w.write(TarEntry.builder("big.bin", EntryType.FILE).mode(0600).size(big.length).build(), new ByteArrayInputStream(big));
            w.finish();
        }
        ByteArrayOutputStream lz4 = new ByteArrayOutputStream();
        try (Lz4FrameOutputStream o = new Lz4FrameOutputStream(lz4, Lz4Options.defaults().withLevel(1))) {
            o.write(tar.toByteArray());
        }
        byte[] img = lz4.toByteArray();
        tarBytes = tar.size();
        imageBytes = img.length;
        store = dir.resolve("store");
        for (String release : List.of("20261101", "20261120")) {
            Path d = Files.createDirectories(store.resolve(release + "/debian/12"));
            Files.write(d.resolve("img.tar.lz4"), img);
            md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(img));
            Files.writeString(d.resolve("img.tar.lz4.md5"), ChecksumFile.format(DigestAlgorithm.MD5, md5, "img.tar.lz4"));
        }
    }

    @Test
    void jsonEventsArePhasesInOrderWithBoundedProgress() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        CliRun run = CliRun.of("install", "--image", "debian-12", "--catalog", store.toString(), "--root", root.toString(),
                "--events", "json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            events.add(json.readTree(line));
        }
        List<String> started = events.stream().filter(e -> e.path("event").asText().equals("started"))
                .map(e -> e.path("phase").asText()).toList();
        assertThat(started).containsExactly("download", "verify", "extract");
        List<JsonNode> progress = events.stream().filter(e -> e.path("event").asText().equals("progress")).toList();
        assertThat(progress).isNotEmpty();
        for (JsonNode p : progress) {
            assertThat(p.path("time").asText()).isNotEmpty();
            if (p.path("total").asLong() >= 0) {
                assertThat(p.path("done").asLong()).isLessThanOrEqualTo(p.path("total").asLong());
            }
        }
        JsonNode lastDownload = progress.stream().filter(p -> p.path("phase").asText().equals("download")).reduce((a, b) -> b).orElseThrow();
        assertThat(lastDownload.path("done").asLong()).isEqualTo(lastDownload.path("total").asLong())
                .isEqualTo(Files.size(store.resolve("20261120/debian/12/img.tar.lz4")));
        JsonNode verified = events.stream().filter(e -> e.path("phase").asText().equals("verify")
                && e.path("event").asText().equals("finished")).findFirst().orElseThrow();
        assertThat(verified.path("ok").asBoolean()).isTrue();
        assertThat(events.get(events.size() - 2).path("phase").asText()).isEqualTo("verify");
        assertThat(events.getLast().path("event").asText()).isEqualTo("result");
        assertThat(events.stream().filter(e -> e.path("event").asText().equals("result"))).hasSize(1);
        assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo("test\n");
    }

    @Test
    void theLastJsonEventIsTheResultOfASuccessfulInstall() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        CliRun run = CliRun.of("install", "--image", "debian-12", "--catalog", store.toString(), "--root", root.toString(),
                "--events", "json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        ObjectNode result = lastEvent(run);
        assertThat(result.remove("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(result.remove("took_seconds").asDouble()).isPositive().isLessThan(60);
        assertThat(result).isEqualTo(JSON.readTree("""
                {"event":"result","ok":true,"exit_code":0,
                 "image":{"path":"%s","id":"debian-12.0.20261120"},
                 "compressed_bytes":%d,"uncompressed_bytes":%d,"digests":{"md5":"%s"},
                 "target":{"root":"%s"},"kexec":false}
                """.formatted(store.resolve("20261120/debian/12/img.tar.lz4"), imageBytes, tarBytes, md5, root)));
    }

    @Test
    void aCorruptImageEndsWithAFailedResultNamingBothDigests() throws Exception {
        Path img = store.resolve("20261120/debian/12/img.tar.lz4");
        byte[] b = Files.readAllBytes(img);
        b[b.length / 2] ^= 1;
        Files.write(img, b);
        String corruptMd5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        Path root = Files.createDirectories(dir.resolve("root"));
        CliRun run = CliRun.of("install", "--image", img.toString(), "--root", root.toString(), "--events", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        ObjectNode result = lastEvent(run);
        result.remove(List.of("time", "took_seconds"));
        String error = "md5 of " + img + ": expected " + md5 + " but got " + corruptMd5;
        assertThat(run.err()).isEqualTo("osimg install: " + error + "\n");
        assertThat(result).isEqualTo(JSON.readTree("""
                {"event":"result","ok":false,"error":"%s","exit_code":1,"image":{"path":"%s"},
                 "target":{"root":"%s"},"kexec":false}
                """.formatted(error, img, root)));
    }

    @Test
    void badInputEndsWithAResultWithTheUsageExitCode() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        CliRun run = CliRun.of("install", "--image", store.toString(), "--root", root.toString(), "--kexec", "--events", "json");

        assertThat(run.exitCode()).isEqualTo(2);
        ObjectNode result = lastEvent(run);
        result.remove(List.of("time", "took_seconds"));
        assertThat(result).isEqualTo(JSON.readTree("""
                {"event":"result","ok":false,"error":"--kexec needs --machine: without it nothing is configured to boot",
                 "exit_code":2,"target":{"root":"%s"},"kexec":false}
                """.formatted(root)));
        assertThat(run.out().lines()).hasSize(1);
    }

    @Test
    void noMatchingImageExitsThreeAsResolveDoesWithTheSameMessage() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        CliRun run = CliRun.of("install", "--image", "debian-13", "--catalog", store.toString(), "--root", root.toString(),
                "--events", "json");
        String error = "no image matches debian-13 in " + store + ": newest debian is debian-12.0.20261120";
        assertThat(run.exitCode()).isEqualTo(Main.NO_MATCH);
        assertThat(run.err()).isEqualTo("osimg install: " + error + "\n");
        ObjectNode result = lastEvent(run);
        assertThat(result.get("exit_code").asInt()).isEqualTo(Main.NO_MATCH);
        assertThat(result.get("error").asText()).isEqualTo(error);
        CliRun resolve = CliRun.of("resolve", "debian-13", "--catalog", store.toString());
        assertThat(resolve.exitCode()).isEqualTo(Main.NO_MATCH);
        assertThat(resolve.err()).isEqualTo("osimg resolve: " + error + "\n");
    }

    @Test
    void aStableBuildInstallsByTheIdListPrintsSayingSo() throws Exception {
        Path stable = Files.createDirectories(store.resolve("stable/debian/14"));
        for (String f : List.of("img.tar.lz4", "img.tar.lz4.md5")) {
            Files.copy(store.resolve("20261120/debian/12").resolve(f), stable.resolve(f));
        }
        assertThat(CliRun.of("list", "--catalog", store.toString()).out()).containsPattern("(?m)^debian-14\\.0 +stable ");
        Path root = Files.createDirectories(dir.resolve("root"));
        CliRun run = CliRun.of("install", "--image", "debian-14.0", "--catalog", store.toString(), "--root", root.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).contains("osimg install: no release matches debian-14.0; it is the stable build at stable/debian/14\n");
        assertThat(run.out()).contains("debian-14.0");
        assertThat(root.resolve("etc/hostname")).hasContent("test\n");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The last line of standard output as JSON, after checking it is the only result. */
    private static ObjectNode lastEvent(CliRun run) throws Exception {
        List<String> lines = run.out().lines().toList();
        assertThat(lines).filteredOn(l -> l.contains("\"event\":\"result\"")).hasSize(1);
        return (ObjectNode) JSON.readTree(lines.getLast());
    }

    @Test
    void textOutputNamesTheResolvedImageAndItsDigest() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        CliRun run = CliRun.of("install", "--image", "debian-12", "--catalog", store.toString(), "--root", root.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("debian-12.0.20261120").contains("md5 " + md5);
    }

    @Test
    void aCorruptImageFailsWithOneLineAndExitCode1() throws Exception {
        Path img = store.resolve("20261120/debian/12/img.tar.lz4");
        byte[] b = Files.readAllBytes(img);
        b[b.length / 2] ^= 1;
        Files.write(img, b);
        Path root = Files.createDirectories(dir.resolve("root"));
        CliRun run = CliRun.of("install", "--image", img.getParent().toString(), "--root", root.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        // the one error line, after the one warning that no signature policy was given
        assertThat(run.err().lines().toList()).hasSize(2).first().asString().startsWith("warning: no --trust");
        assertThat(run.err()).contains("md5 of").contains("expected " + md5);
        try (var s = Files.list(root)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void missingDiskIsRefusedBeforeAnythingIsWritten() {
        CliRun run = CliRun.of("install", "--image", store.toString(), "--disk", "/dev/osimg-no-such-disk");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList()).hasSize(2).first().asString().startsWith("warning: no --trust");
        assertThat(run.err().lines().toList().get(1)).startsWith("osimg install: ").contains("/dev/osimg-no-such-disk");
    }

    @Test
    void forceGoesWithRootOnly() {
        CliRun run = CliRun.of("install", "--image", store.toString(), "--disk", "/dev/osimg-no-such-disk", "--force");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("osimg install: --force goes with --root: --disk formats the disks anyway\n");
    }

    @Test
    void diskOptionsNeedDisk() {
        CliRun run = CliRun.of("install", "--image", store.toString(), "--root", "/tmp", "--skip-unmountable");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("go with --disk");
        CliRun reinstall = CliRun.of("install", "--image", store.toString(), "--root", "/tmp", "--reinstall");
        assertThat(reinstall.exitCode()).isEqualTo(2);
        assertThat(reinstall.err()).startsWith("osimg install: --layout, --boot-dir, --skip-unmountable and --reinstall go with --disk\n");
    }

    @Test
    void osInstallerNeedsAMachineAndAFile() throws Exception {
        Path program = Files.writeString(dir.resolve("os-installer"), "#!/bin/sh\n");
        CliRun noMachine = CliRun.of("install", "--image", store.toString(), "--root", "/tmp", "--os-installer",
                program.toString());
        assertThat(noMachine.exitCode()).isEqualTo(2);
        assertThat(noMachine.err()).startsWith("osimg install: --os-installer needs --machine: without it nothing is "
                + "configured\n");

        Path machine = Files.writeString(dir.resolve("machine.yaml"), "id: m\nallocation:\n  hostname: h\n  role: machine\n");
        CliRun noFile = CliRun.of("install", "--image", store.toString(), "--root", "/tmp", "--machine",
                machine.toString(), "--os-installer", dir.resolve("missing").toString());
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.err()).startsWith("osimg install: --os-installer " + dir.resolve("missing")
                + ": no such regular file\n");
    }
}
