package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.store.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual-hosted addressing ({@code --no-s3-path-style}) against a real S3Proxy on 127.0.0.1 that takes
 * {@code BUCKET.s3.osimg.test} for the bucket. The osimg processes resolve host names from a hosts file
 * ({@code jdk.net.hosts.file}) that names only {@code images.s3.osimg.test}: a request that reaches S3Proxy named the
 * bucket in its host, and one addressed path-style (to {@code s3.osimg.test}) cannot be resolved at all.
 */
class S3AddressingIT {

    private static final String HOST = "s3.osimg.test";

    @TempDir
    static Path base;
    private static S3ProxyServer s3;
    private static Path hosts;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.startVirtualHosted(Files.createDirectories(base.resolve("s3")), HOST, "images");
        hosts = Files.writeString(base.resolve("hosts"), "127.0.0.1 images." + HOST + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    private static Run run(String... args) throws Exception {
        ProcessBuilder pb = OsimgProcess.withS3ProxyCredentials(args);
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts);
        Path out = Files.createTempFile(base, "out", ".txt");
        Path err = Files.createTempFile(base, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void virtualHostedRequestsNameTheBucketInTheHost() throws Exception {
        String endpoint = "http://" + HOST + ":" + s3.endpoint().getPort();
        Run build = run("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0", "--release", "20261126",
                "--store", "s3://images/metal-os", "--s3-endpoint", endpoint, "--no-s3-path-style");
        assertThat(build.exitCode()).as(build.err()).isZero();
        Path image = s3.data().resolve("images/metal-os/20261126/demo/1.0");
        assertThat(image.resolve("img.tar.lz4")).isNotEmptyFile();
        assertThat(Files.readString(image.resolve("img.tar.lz4.md5"))).endsWith("  img.tar.lz4\n");

        Run prune = run("prune", "--store", "s3://images/metal-os", "--s3-endpoint", endpoint, "--no-s3-path-style", "--dry-run");
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        assertThat(prune.out()).contains("demo-1.0.20261126");

        // with an endpoint path-style is the default: requests go to s3.osimg.test, which no one here resolves
        Run pathStyle = run("prune", "--store", "s3://images/metal-os", "--s3-endpoint", endpoint, "--dry-run");
        assertThat(pathStyle.exitCode()).isEqualTo(1);
        assertThat(pathStyle.err()).contains("listing prefix '' in s3://images/metal-os at " + endpoint, HOST);
        Run explicit = run("prune", "--store", "s3://images/metal-os", "--s3-endpoint", endpoint, "--s3-path-style", "--dry-run");
        assertThat(explicit.exitCode()).isEqualTo(1);
        assertThat(explicit.err()).contains("listing prefix '' in s3://images/metal-os at " + endpoint, HOST);
    }
}
