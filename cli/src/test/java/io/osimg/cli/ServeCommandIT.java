package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code osimg serve} in a child JVM: starts, cleans what dead builds left in .staging, answers, stops on SIGTERM. */
class ServeCommandIT {

    @TempDir
    Path base;

    @Test
    void startsAnswersAndStopsOnSigterm() throws Exception {
        Path store = base.resolve("images");
        // a build killed with SIGKILL: its staging and the lock file nobody holds any more
        Path leftover = Files.createDirectories(store.resolve(".staging/build-5c1e2d3f-0a1b-4c2d-8e3f-405162738495"));
        Files.writeString(leftover.resolve("img.tar.lz4"), "half a build");
        Files.writeString(store.resolve(".staging/build-5c1e2d3f-0a1b-4c2d-8e3f-405162738495.lock"), "");
        Path image = Files.createDirectories(store.resolve("20261120/debian/12"));
        Files.writeString(image.resolve("img.tar.lz4"), "x");
        Files.writeString(image.resolve("img.tar.lz4.md5"), "9dd4e461268c8034f5c8564e155c67a6  img.tar.lz4\n");
        Process p = OsimgProcess.of("serve", "--store", store.toString(), "--listen", "127.0.0.1:0",
                        "--header-timeout", "1", "--max-connections", "64")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String first = out.readLine();
            assertThat(first).startsWith("osimg serve: listening on http://127.0.0.1:").contains("1 images")
                    .contains("at most 64 connections");
            Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(first);
            assertThat(m.find()).isTrue();
            String url = m.group(1);
            assertThat(leftover).doesNotExist();
            assertThat(store.resolve(".staging/build-5c1e2d3f-0a1b-4c2d-8e3f-405162738495.lock")).doesNotExist();

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/healthz"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            HttpResponse<String> latest = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/images/debian-12/latest"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(latest.body()).contains("\"id\":\"debian-12.0.20261120\"", "\"url\":\"" + url + "/20261120/debian/12/img.tar.lz4\"");

            // --header-timeout 1: half a request head is answered 408 and closed after a second
            try (Socket slow = new Socket()) {
                slow.connect(new InetSocketAddress("127.0.0.1", URI.create(url).getPort()), 5_000);
                slow.setSoTimeout(10_000);
                slow.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 408 ").contains("\"code\":\"request_timeout\"");
            }

            // SIGTERM by kill(1): Process.destroy() would also close our end of its stdout
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out.readLine()).isEqualTo("osimg serve: stopped");
            assertThat(p.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
        } finally {
            p.destroyForcibly();
        }
    }
}
