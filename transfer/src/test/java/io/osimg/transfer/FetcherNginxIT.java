package io.osimg.transfer;

import io.osimg.core.checksum.DigestAlgorithm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fetcher against a real nginx (Debian nginx-light) on 127.0.0.1 serving a 50 MB random file. */
class FetcherNginxIT {

    private static final int SIZE = 50 * 1024 * 1024 + 4321;
    private static final Set<DigestAlgorithm> ALGS = Set.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA512);
    private static final Pattern ETAG = Pattern.compile("(?im)^ETag:\\s*(\\S+)\\s*$");

    @TempDir
    static Path dir;
    private static byte[] content;
    private static String md5;
    private static String sha512;
    private static NginxServer nginx;

    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeAll
    static void startNginx() throws Exception {
        content = TestData.random(SIZE, 4711);
        md5 = TestData.hex("MD5", content);
        sha512 = TestData.hex("SHA-512", content);
        Path root = Files.createDirectories(dir.resolve("www/stable/debian/12"));
        Files.write(root.resolve("img.tar.lz4"), content);
        nginx = NginxServer.start(Files.createDirectories(dir.resolve("nginx")), dir.resolve("www"));
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static URI url(int port) {
        return URI.create("http://127.0.0.1:" + port + "/stable/debian/12/img.tar.lz4");
    }

    private Fetcher fetcher(TransferOptions options) {
        return new Fetcher(options, Clock.systemUTC(), sleeper);
    }

    private static TransferOptions options() {
        return TransferOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    @Test
    void plainDownloadHasTheRightDigests() throws IOException {
        List<Progress> events = new CopyOnWriteArrayList<>();
        try (Fetcher f = fetcher(options());
             FetchStream in = f.open(List.of(url(nginx.port())), ALGS, events::add)) {
            byte[] got = TestData.readAll(in);

            assertThat(got.length).isEqualTo(SIZE);
            assertThat(in.digests()).containsEntry(DigestAlgorithm.MD5, md5).containsEntry(DigestAlgorithm.SHA512, sha512);
            assertThat(in.contentLength()).isEqualTo(SIZE);
            assertThat(in.attempts()).isEqualTo(1);
            assertThat(in.bytesRedownloaded()).isZero();
        }
        assertThat(events.getLast().finished()).isTrue();
        assertThat(events.getLast().bytesDone()).isEqualTo(SIZE);
        assertThat(events.getLast().totalBytes()).isEqualTo(SIZE);
    }

    @ParameterizedTest(name = "dropped at {0} %")
    @ValueSource(ints = {10, 50, 90})
    void droppedConnectionsResumeWithLittleExtra(int percent) throws IOException {
        long cut = (long) SIZE * percent / 100;
        try (CuttingProxy proxy = new CuttingProxy(nginx.port(), cut, 2);
             Fetcher f = fetcher(options());
             FetchStream in = f.open(List.of(url(proxy.port())), ALGS, null)) {
            byte[] got = TestData.readAll(in);

            assertThat(got.length).isEqualTo(SIZE);
            assertThat(in.digests()).containsEntry(DigestAlgorithm.MD5, md5).containsEntry(DigestAlgorithm.SHA512, sha512);
            assertThat(in.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(in.bytesRedownloaded()).isLessThan(SIZE / 20);
            String etag = etagOf(proxy.responseHeads().getFirst());
            assertThat(proxy.requestHeads().get(1))
                    .containsIgnoringCase("Range: bytes=" + cut + "-")
                    .containsIgnoringCase("If-Range: " + etag);
            assertThat(proxy.responseHeads().get(1)).startsWith("HTTP/1.1 206");
        }
    }

    @Test
    void nginxWithoutRangeSupportRestartsFromZeroAndDeliversEachByteOnce() throws Exception {
        long cut = SIZE / 2;
        try (NginxServer noRanges = NginxServer.start(Files.createDirectories(dir.resolve("nginx-no-ranges")),
                     dir.resolve("www"), "max_ranges 0;");
             CuttingProxy proxy = new CuttingProxy(noRanges.port(), cut, 1);
             Fetcher f = fetcher(options());
             FetchStream in = f.open(List.of(url(proxy.port())), ALGS, null)) {
            byte[] got = TestData.readAll(in);

            assertThat(got).isEqualTo(content);
            assertThat(in.digests()).containsEntry(DigestAlgorithm.MD5, md5).containsEntry(DigestAlgorithm.SHA512, sha512);
            assertThat(proxy.requestHeads().get(1)).containsIgnoringCase("Range: bytes=" + cut + "-");
            assertThat(proxy.responseHeads().get(1)).as("nginx ignores the range").startsWith("HTTP/1.1 200");
            assertThat(in.bytesRedownloaded()).as("the first half came twice").isEqualTo(cut);
        }
    }

    @Test
    void resumeSendsNginxsEtagInIfRangeAndGets206() throws IOException {
        long cut = SIZE / 3;
        String etag;
        try (CuttingProxy proxy = new CuttingProxy(nginx.port(), cut, 1);
             Fetcher f = fetcher(options());
             FetchStream in = f.open(List.of(url(proxy.port())), ALGS, null)) {
            TestData.readAll(in);
            assertThat(in.digests()).containsEntry(DigestAlgorithm.SHA512, sha512);
            etag = etagOf(proxy.responseHeads().getFirst());
        }
        assertThat(nginx.accessLog()).anySatisfy(line -> assertThat(line).isEqualTo(
                "GET /stable/debian/12/img.tar.lz4 206 range=\"bytes=" + cut + "-\" if_range=\"" + etag + "\""));
    }

    @Test
    void connectionRefusedOnTheFirstMirrorFailsOverToTheSecond() throws IOException {
        URI dead = url(NginxServer.freePort());
        try (Fetcher f = fetcher(options());
             FetchStream in = f.open(List.of(dead, url(nginx.port())), ALGS, null)) {
            TestData.readAll(in);
            assertThat(in.digests()).containsEntry(DigestAlgorithm.MD5, md5).containsEntry(DigestAlgorithm.SHA512, sha512);
            assertThat(in.currentUrl()).isEqualTo(url(nginx.port()));
            assertThat(in.attempts()).isEqualTo(2);
        }
    }

    @Test
    void notFoundFailsAtOnceWithoutRetry() throws IOException {
        URI missing = URI.create("http://127.0.0.1:" + nginx.port() + "/stable/debian/12/missing.tar.lz4");
        try (Fetcher f = fetcher(options())) {
            assertThatThrownBy(() -> f.open(List.of(missing), ALGS, null))
                    .isInstanceOf(TransferException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("HTTP 404");
        }
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(nginx.accessLog()).filteredOn(l -> l.contains("/missing.tar.lz4")).hasSize(1);
    }

    @Test
    void downloadResumesFromAnExistingPartFile() throws IOException {
        Path target = dir.resolve("out/img.tar.lz4");
        Path part = dir.resolve("out/img.tar.lz4.part");
        Path meta = dir.resolve("out/img.tar.lz4.part.meta");
        long cut = SIZE * 2L / 5;
        Properties sidecar = new Properties();
        try (CuttingProxy proxy = new CuttingProxy(nginx.port(), cut, 1)) {
            URI viaProxy = url(proxy.port());
            try (Fetcher f = fetcher(options().withMaxAttempts(1))) {
                assertThatThrownBy(() -> f.download(List.of(viaProxy), target, ALGS, null))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("partial file kept");
            }
            assertThat(target).doesNotExist();
            assertThat(part).hasSize(cut);
            assertThat(Files.mismatch(part, dir.resolve("www/stable/debian/12/img.tar.lz4"))).isEqualTo(cut);
            try (var r = Files.newBufferedReader(meta)) {
                sidecar.load(r);
            }
            assertThat(sidecar.getProperty("etag")).isEqualTo(etagOf(proxy.responseHeads().getFirst()));

            // the proxy cuts only its first connection: the same URL now works
            try (Fetcher f = fetcher(options())) {
                Download d = f.download(List.of(viaProxy), target, ALGS, null);

                assertThat(d.resumedFrom()).isEqualTo(cut);
                assertThat(d.size()).isEqualTo(SIZE);
                assertThat(d.digests()).containsEntry(DigestAlgorithm.MD5, md5).containsEntry(DigestAlgorithm.SHA512, sha512);
                assertThat(d.attempts()).isEqualTo(1);
                assertThat(d.bytesRedownloaded()).isZero();
            }
        }
        assertThat(Files.mismatch(target, dir.resolve("www/stable/debian/12/img.tar.lz4"))).isEqualTo(-1);
        assertThat(part).doesNotExist();
        assertThat(meta).doesNotExist();
        assertThat(nginx.accessLog()).anySatisfy(line -> assertThat(line)
                .startsWith("GET /stable/debian/12/img.tar.lz4 206 range=\"bytes=" + cut + "-\" if_range=\""
                        + sidecar.getProperty("etag") + "\""));
    }

    private static String etagOf(String head) {
        Matcher m = ETAG.matcher(head);
        if (!m.find()) {
            throw new AssertionError("no ETag in " + head);
        }
        return m.group(1);
    }
}
