package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command line of build, verify and lint on the project's demo root filesystem, good and bad input. */
class BuildCommandIT {
    static final Path DEMO = Path.of("../examples/minimal-rootfs").toAbsolutePath().normalize();
    Path work;
    Path store;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-cli-it");
        store = work.resolve("images");
    }

    @AfterEach
    void tearDown() throws Exception {
        new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
    }

    @Test
    void buildsVerifiesAndLintsTheDemo() throws Exception {
        CliRun build = CliRun.of("build", DEMO.toString(), "--os", "demo", "--version", "1.0", "--store", store.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.out()).contains("built demo-1.0", "stable/demo/1.0", "img.tar.lz4.md5", "packages.txt");
        Path dir = store.resolve("stable/demo/1.0");

        CliRun verify = CliRun.of("verify", dir.toString());
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("verified " + dir);

        CliRun lint = CliRun.of("lint", dir.toString(), "-o", "json");
        JsonNode json = new ObjectMapper().readTree(lint.out());
        assertThat(json.get("image").asText()).isEqualTo(dir.toString());
        assertThat(lint.exitCode()).isEqualTo(json.get("failed").asBoolean() ? 1 : 0);
        assertThat(verdict(json, "install-script")).isEqualTo("pass");
        assertThat(verdict(json, "kernel")).isEqualTo("fail");
        assertThat(verdict(json, "install-interpreter")).isEqualTo("pass"); // scriptless: nothing to interpret
        assertThat(verdict(json, "os-installer-os")).isEqualTo("pass"); // ID=osimg-demo, ID_LIKE=debian
        // no programs and no kernel in the demo tree, but its os-installer.yaml runs no task that needs them
        assertThat(verdict(json, "os-installer-useradd")).isEqualTo("pass");
        assertThat(verdict(json, "os-installer-kernel")).isEqualTo("pass");
        assertThat(verdict(json, "os-release")).isEqualTo("pass");
    }

    private static String verdict(JsonNode report, String rule) {
        for (JsonNode r : report.get("rules")) {
            if (r.get("id").asText().equals(rule)) {
                return r.get("verdict").asText();
            }
        }
        throw new AssertionError("no rule " + rule + " in " + report);
    }

    @Test
    void missingSourceIsOneClearLine() throws Exception {
        CliRun r = CliRun.of("build", work.resolve("nope").toString(), "--os", "demo", "--version", "1.0", "--store", store.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("osimg build: " + work.resolve("nope")).contains("does not exist");
        assertThat(Files.exists(store)).isFalse();
    }

    @Test
    void idThatDoesNotParseIsAUsageError() throws Exception {
        CliRun r = CliRun.of("build", DEMO.toString(), "--os", "Debian_12", "--version", "1.0", "--store", store.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("osimg build: --os 'Debian_12'");
        CliRun v = CliRun.of("build", DEMO.toString(), "--os", "debian", "--version", "twelve", "--store", store.toString());
        assertThat(v.exitCode()).isEqualTo(2);
        assertThat(v.err()).startsWith("osimg build: --version 'twelve'");
        CliRun d = CliRun.of("build", DEMO.toString(), "--os", "debian", "--version", "12", "--release", "20261341", "--store", store.toString());
        assertThat(d.exitCode()).isEqualTo(2);
        assertThat(d.err()).startsWith("osimg build: --release '20261341'");
        assertThat(Files.exists(store)).isFalse();
    }

    @Test
    void corruptedImageFailsVerifyNamingBothDigests() throws Exception {
        assertThat(CliRun.of("build", DEMO.toString(), "--os", "demo", "--version", "1.0", "--store", store.toString()).exitCode()).isZero();
        Path image = store.resolve("stable/demo/1.0/img.tar.lz4");
        byte[] bytes = Files.readAllBytes(image);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(image, bytes);
        CliRun r = CliRun.of("verify", image.getParent().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        String expectedMd5 = Files.readString(image.resolveSibling("img.tar.lz4.md5")).substring(0, 32);
        assertThat(r.out()).contains("md5 of img.tar.lz4: expected " + expectedMd5 + " but got ").contains("NOT verified");

        Files.write(image, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun t = CliRun.of("verify", image.getParent().toString());
        assertThat(t.exitCode()).isEqualTo(1);
        assertThat(t.out()).containsIgnoringCase("truncated");
    }

    @Test
    void truncatedSourceLeavesNothingInTheStore() throws Exception {
        Path tar = work.resolve("demo.tar");
        new ProcessBuilder("tar", "-cf", tar.toString(), "-C", DEMO.toString(), ".").start().waitFor();
        byte[] all = Files.readAllBytes(tar);
        Path cut = work.resolve("cut.tar");
        Files.write(cut, java.util.Arrays.copyOf(all, 1500));
        CliRun r = CliRun.of("build", cut.toString(), "--os", "demo", "--version", "1.0", "--store", store.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains(cut.toString());
        try (Stream<Path> s = Files.exists(store) ? Files.walk(store) : Stream.empty()) {
            assertThat(s.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }
}
