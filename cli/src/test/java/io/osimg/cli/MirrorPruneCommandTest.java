package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.ImageServer;
import io.osimg.store.mirror.MirrorPlan;
import io.osimg.store.mirror.MirrorReport;
import io.osimg.transfer.UntrustedCertificateException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MirrorPruneCommandTest {

    @TempDir
    Path base;

    @Test
    void mirrorOptionsParseIntoAPolicy() {
        MirrorCommand c = CommandLine.populateCommand(new MirrorCommand(), "--from", "http://127.0.0.1:1/", "--to", "x",
                "--keep", "2", "--max-size", "50G", "--include", "debian-*", "--include", "ubuntu-*", "--exclude", "**/stable/**",
                "--grace", "3d", "--interval", "10m", "--parallel", "4", "--delete", "--include-stable");
        assertThat(c.policy().keep()).isEqualTo(2);
        assertThat(c.policy().maxSize()).isEqualTo(50L << 30);
        assertThat(c.policy().includes()).containsExactly("debian-*", "ubuntu-*");
        assertThat(c.policy().excludes()).containsExactly("**/stable/**");
        assertThat(c.policy().grace()).isEqualTo(Duration.ofDays(3));
        assertThat(c.policy().includeStable()).isTrue();
        assertThat(c.interval).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.options().parallel()).isEqualTo(4);
        assertThat(c.options().delete()).isTrue();
    }

    @Test
    void badSizesDurationsAndUrlsAreUsageErrors() {
        assertThat(CliRun.of("mirror", "--from", "http://127.0.0.1:1/", "--to", "x", "--max-size", "lots").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("mirror", "--from", "http://127.0.0.1:1/", "--to", "x", "--grace", "7 fortnights").exitCode()).isEqualTo(2);
        CliRun r = CliRun.of("mirror", "--from", "ftp://127.0.0.1/", "--to", base.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("http(s) URL");
        assertThat(Quantities.size("512M")).isEqualTo(512L << 20);
        assertThat(Quantities.size("1.5K")).isEqualTo(1536);
        assertThat(Quantities.duration("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Quantities.duration("90")).as("a number alone is seconds").isEqualTo(Duration.ofSeconds(90));
        assertThat(Quantities.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Quantities.duration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> Quantities.duration("-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'-1'");
    }

    @Test
    void anImageBehindAnUntrustedCertificateFailsWithTheHintTheListingGets() throws Exception {
        URI url = URI.create("https://127.0.0.1:8443/m/20261120/debian/12/img.tar.lz4");
        UntrustedCertificateException cause = new UntrustedCertificateException(url,
                "GET " + url + ": the server's TLS certificate is not trusted (PKIX path building failed)", null);
        MirrorReport report = new MirrorReport(new MirrorPlan(List.of(), List.of(), 0), List.of(), List.of(), 0, List.of(),
                List.of(new MirrorReport.Failure("m/20261120/debian/12", cause.getMessage(), cause)), false);
        String line = "GET " + url + ": the server's TLS certificate is not trusted (PKIX path building failed)"
                + "; if the server's CA is a private one, trust it with --ca-cert FILE";

        assertThat(ErrorLines.describe(cause)).as("the listing's line").isEqualTo(line);
        assertThat(new MirrorCommand.Printed(report).text()).contains("error m/20261120/debian/12: " + line + "\n");
        OutputOptions json = new OutputOptions();
        json.format = OutputOptions.Format.json;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        json.print(new MirrorCommand.Printed(report), new PrintStream(out, true, StandardCharsets.UTF_8));
        JsonNode errors = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).path("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path("directory").asText()).isEqualTo("m/20261120/debian/12");
        assertThat(errors.get(0).path("message").asText()).isEqualTo(line);
        assertThat(errors.get(0).has("cause")).isFalse();
    }

    private static void image(Path root, String dir, byte[] img, String expires) throws Exception {
        Path d = Files.createDirectories(root.resolve(dir));
        Files.write(d.resolve("img.tar.lz4"), img);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(img));
        Files.writeString(d.resolve("img.tar.lz4.md5"), md5 + "  img.tar.lz4\n");
        String id = dir.replaceAll("^m/(\\d+)/(\\w+)/(\\d+)$", "$2-$3.0.$1");
        Files.writeString(d.resolve("manifest.json"), "{\"id\":\"" + id + "\",\"expirationDate\":\"" + expires + "\"}");
    }

    @Test
    void mirrorThenPruneThroughTheCommandLine() throws Exception {
        Path up = base.resolve("up");
        image(up, "m/20260101/debian/12", "one".getBytes(), "2026-03-01T00:00:00Z");
        image(up, "m/20260301/debian/12", "two".getBytes(), "2026-09-01T00:00:00Z");
        image(up, "m/20260201/debian/11", "three".getBytes(), "2026-05-01T00:00:00Z");
        Path local = base.resolve("local");
        try (FsBlobStore store = new FsBlobStore(up);
             ImageServer server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0)).start()) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            CliRun dry = CliRun.of("mirror", "--from", url, "--to", local.toString(), "--keep", "2", "--grace", "60d",
                    "--now", "2026-04-01T00:00:00Z", "--dry-run", "-o", "json");
            assertThat(dry.exitCode()).as(dry.err()).isZero();
            JsonNode plan = new ObjectMapper().readTree(dry.out());
            assertThat(plan.get("toFetch")).extracting(JsonNode::asText)
                    .containsExactly("m/20260101/debian/12", "m/20260201/debian/11", "m/20260301/debian/12");
            assertThat(Files.exists(local.resolve("m"))).isFalse();

            CliRun real = CliRun.of("mirror", "--from", url, "--to", local.toString(), "--keep", "2", "--grace", "60d",
                    "--now", "2026-04-01T00:00:00Z");
            assertThat(real.exitCode()).as(real.err()).isZero();
            assertThat(real.out()).contains("kept 3 (fetched 3, up to date 0)");
            assertThat(Files.readString(local.resolve("m/20260201/debian/11/img.tar.lz4"))).isEqualTo("three");
        }

        Path inUse = Files.writeString(base.resolve("in-use.json"), "[{\"id\":\"debian-11.0.20260201\"}]");
        CliRun dry = CliRun.of("prune", "--store", local.toString(), "--in-use", inUse.toString(),
                "--now", "2026-06-01T00:00:00Z", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("dry run: would delete 1");
        assertThat(Files.exists(local.resolve("m/20260101/debian/12/img.tar.lz4"))).isTrue();

        CliRun prune = CliRun.of("prune", "--store", local.toString(), "--in-use", inUse.toString(),
                "--now", "2026-06-01T00:00:00Z", "-o", "json");
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        assertThat(new ObjectMapper().readTree(prune.out()).get("deleted")).extracting(JsonNode::asText)
                .containsExactly("m/20260101/debian/12");
        assertThat(dirs(local)).containsExactly("m/20260201/debian/11", "m/20260301/debian/12");
    }

    @Test
    void unreachableUpstreamExitsOne() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of("mirror", "--from", "http://127.0.0.1:" + port + "/", "--to", base.resolve("l").toString(),
                "--attempts", "2");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("127.0.0.1:" + port);
    }

    @Test
    void intervalModeLogsEachRoundAndRetriesAfterAnUpstreamFault() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of("mirror", "--from", "http://127.0.0.1:" + port + "/", "--to", base.resolve("l").toString(),
                "--attempts", "1", "--interval", "10ms", "--rounds", "3");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.contains("failed, store unchanged, retrying in PT0.01S"))).hasSize(3);
    }

    private static List<String> dirs(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("img.tar.lz4"))
                    .map(p -> root.relativize(p.getParent()).toString()).sorted().toList();
        }
    }
}
