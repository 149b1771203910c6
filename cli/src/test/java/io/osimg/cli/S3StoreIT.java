package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.store.BlobInfo;
import io.osimg.store.s3.S3BlobStore;
import io.osimg.store.s3.S3ProxyServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osimg build --store s3://..}, {@code osimg serve --store s3://..} and {@code osimg install} from that server,
 * against a real S3Proxy on 127.0.0.1. Build and serve run in child JVMs with the S3 settings in their environment.
 */
class S3StoreIT {

    @TempDir
    Path base;
    S3ProxyServer s3;

    @BeforeEach
    void start() throws Exception {
        s3 = S3ProxyServer.start(base.resolve("s3"), "images");
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
    }

    private ProcessBuilder osimg(String... args) {
        return OsimgProcess.withS3ProxyCredentials(args);
    }

    @Test
    void buildServeAndInstallThroughS3() throws Exception {
        Path buildLog = base.resolve("build.log");
        Process build = osimg("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0", "--release", "20261126",
                "--store", "s3://images/metal-os", "--s3-endpoint", s3.endpoint().toString())
                .redirectErrorStream(true).redirectOutput(buildLog.toFile()).start();
        assertThat(build.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).as(Files.readString(buildLog)).isZero();
        assertThat(Files.readString(buildLog)).contains("built demo-1.0.20261126",
                "published   s3://images/metal-os/20261126/demo/1.0/img.tar.lz4");

        S3BlobStore store = s3.store("s3://images/metal-os", S3BlobStore.MIN_PART_SIZE, 1000);
        assertThat(store.list("")).extracting(BlobInfo::key).containsExactly("20261126/demo/1.0/img.tar.lz4",
                "20261126/demo/1.0/img.tar.lz4.md5", "20261126/demo/1.0/img.tar.lz4.sha512", "20261126/demo/1.0/manifest.json",
                "20261126/demo/1.0/packages.txt", "20261126/demo/1.0/sbom.cdx.json");
        byte[] image;
        try (var in = store.open("20261126/demo/1.0/img.tar.lz4")) {
            image = in.readAllBytes();
        }
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image));
        try (var in = store.open("20261126/demo/1.0/img.tar.lz4.md5")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(md5 + "  img.tar.lz4\n");
        }

        // a release is immutable: a second build of it is refused and the first stays
        Process again = osimg("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0", "--release", "20261126",
                "--store", "s3://images/metal-os", "--s3-endpoint", s3.endpoint().toString())
                .redirectErrorStream(true).redirectOutput(base.resolve("again.log").toFile()).start();
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isEqualTo(1);
        assertThat(Files.readString(base.resolve("again.log"))).contains("releases are immutable").doesNotContain("built demo");

        Process serve = osimg("serve", "--store", "s3://images/metal-os", "--listen", "127.0.0.1:0")
                .redirectError(base.resolve("serve.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as(Files.readString(base.resolve("serve.err")))
                    .isNull(); // no endpoint (neither --s3-endpoint nor OSIMG_S3_ENDPOINT) means AWS, and no region for it
        }
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serve.exitValue()).isNotZero();
        assertThat(Files.readString(base.resolve("serve.err"))).contains("no AWS region for s3://images/metal-os", "--s3-region",
                "--s3-endpoint");

        ProcessBuilder servePb = osimg("serve", "--store", "s3://images/metal-os", "--listen", "127.0.0.1:0")
                .redirectError(base.resolve("serve2.err").toFile());
        servePb.environment().put("OSIMG_S3_ENDPOINT", s3.endpoint().toString());
        Process server = servePb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as(Files.readString(base.resolve("serve2.err")))
                    .startsWith("osimg serve: listening on http://127.0.0.1:")
                    .contains("store s3://images/metal-os at " + s3.endpoint(), "1 images");
            Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(first);
            assertThat(m.find()).isTrue();
            String url = m.group(1);

            Path root = Files.createDirectories(base.resolve("root"));
            CliRun install = CliRun.of("install", "--image", "demo-1.0", "--catalog", url, "--root", root.toString());
            assertThat(install.exitCode()).as(install.err()).isZero();
            assertThat(install.out()).contains("md5 " + md5);
            Path demo = BuildCommandIT.DEMO;
            for (String file : List.of("etc/hostname", "etc/os-release", "usr/share/doc/osimg-demo/README", "var/lib/dpkg/status")) {
                assertThat(Files.readAllBytes(root.resolve(file))).as(file).isEqualTo(Files.readAllBytes(demo.resolve(file)));
            }
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
