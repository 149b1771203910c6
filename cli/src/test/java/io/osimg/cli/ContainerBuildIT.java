package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code osimg build} of container sources on the command line: a multi-stage Dockerfile built with buildah
 * (--target, --build-arg), a Dockerfile that fails (buildah's error shown, exit 1, nothing published), and
 * archives that are not what their form says.
 */
class ContainerBuildIT {
    Path work;
    Path store;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-container-it");
        store = work.resolve("images");
        Files.createDirectories(work.resolve("ctx"));
        Files.copy(Path.of("/bin/busybox"), work.resolve("ctx/busybox"));
    }

    @AfterEach
    void tearDown() throws Exception {
        new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
    }

    static String sh(Path dir, String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + ": " + out).isZero();
        return out;
    }

    @Test
    void aMultiStageDockerfileIsBuiltWithBuildahForItsTarget() throws Exception {
        Files.writeString(work.resolve("ctx/Containerfile"), String.join("\n",
                "FROM scratch AS base",
                "COPY busybox /bin/busybox",
                "ARG GREETING=hello",
                "LABEL org.example.stage=base",
                "ENV OSIMG_TEST=1",
                "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox mkdir -p /etc && echo \\\"$GREETING\\\" > /etc/greeting "
                        + "&& /bin/busybox chmod 4755 /bin/busybox\"]",
                "FROM base AS full",
                "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo full > /etc/stage\"]", ""));
        CliRun r = CliRun.of("build", work.resolve("ctx").toString(), "--file", work.resolve("ctx/Containerfile").toString(),
                "--target", "base", "--build-arg", "GREETING=from osimg", "--os", "demo", "--version", "1.0",
                "--store", store.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path dir = store.resolve("stable/demo/1.0");
        String listing = sh(dir, "lz4 -dc img.tar.lz4 | tar -tvf -");
        assertThat(listing).contains("-rwsr-xr-x 0/0", "bin/busybox", "etc/greeting").doesNotContain("etc/stage");
        assertThat(sh(dir, "lz4 -dc img.tar.lz4 | tar -xOf - etc/greeting")).isEqualTo("from osimg\n");
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.at("/origin/labels/org.example.stage").asText()).isEqualTo("base");
        assertThat(manifest.at("/origin/env").toString()).contains("OSIMG_TEST=1");
        assertThat(manifest.at("/source").asText()).isEqualTo("dockerfile:" + work.resolve("ctx/Containerfile") + "#base");
        noWorkLeft();
    }

    @Test
    void aFailingDockerfileShowsBuildahsErrorAndPublishesNothing() throws Exception {
        Files.writeString(work.resolve("ctx/Dockerfile"), String.join("\n",
                "FROM scratch",
                "COPY busybox /bin/busybox",
                "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo the-step-broke >&2; exit 3\"]", ""));
        CliRun r = CliRun.of("build", work.resolve("ctx/Dockerfile").toString(), "--os", "demo", "--version", "1.0",
                "--store", store.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("osimg build: building " + work.resolve("ctx/Dockerfile") + ": buildah bud failed (exit ")
                .contains("buildah said:", "the-step-broke");
        assertThat(Files.exists(store.resolve("stable/demo/1.0"))).isFalse();
        noWorkLeft();
    }

    @Test
    void archivesThatAreNotWhatTheirFormSaysAreOneClearLine() throws Exception {
        Path plain = work.resolve("plain.tar");
        sh(work, "tar -cf plain.tar ctx");
        CliRun r = CliRun.of("build", "docker-archive:" + plain, "--os", "demo", "--version", "1.0", "--store", store.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("osimg build: docker-archive:" + plain + ": not a docker archive (docker save): "
                + "it holds no manifest.json");

        CliRun noLayout = CliRun.of("build", "oci:" + work.resolve("ctx") + ":v1", "--os", "demo", "--version", "1.0",
                "--store", store.toString());
        assertThat(noLayout.exitCode()).isEqualTo(1);
        assertThat(noLayout.err()).contains("is not an OCI image layout");

        CliRun stray = CliRun.of("build", work.resolve("ctx").toString(), "--target", "base", "--os", "demo",
                "--version", "1.0", "--store", store.toString());
        assertThat(stray.exitCode()).isEqualTo(2);
        assertThat(stray.err()).startsWith("osimg build: --file, --build-arg and --target go with a Dockerfile source");
        assertThat(Files.exists(store.resolve("stable/demo/1.0"))).isFalse();
    }

    /** The build's work directory (blobs, buildah's storage) is gone. */
    private static void noWorkLeft() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(tmp.filter(p -> p.getFileName().toString().startsWith("osimg-source-"))).isEmpty();
        }
    }
}
