package io.osimg.transfer;

import io.osimg.core.checksum.DigestAlgorithm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fetcher against in-process HTTP servers and the cutting proxy, all on 127.0.0.1. */
class FetcherTest {

    private static final int SIZE = 3 * 1024 * 1024 + 17;
    private static final byte[] CONTENT = TestData.random(SIZE, 42);
    private static final Set<DigestAlgorithm> ALGS = Set.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA512);

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private Fetcher fetcher(TransferOptions options) {
        return new Fetcher(options, Clock.systemUTC(), sleeper);
    }

    private static TransferOptions fast() {
        return TransferOptions.defaults().withDeadlines(Deadlines.defaults().withFirstByte(Duration.ofSeconds(20))
                        .withIdle(Duration.ofSeconds(20)))
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(300)).withJitter(0);
    }

    @Test
    void serverWithoutRangeSupportRestartsFromZeroAndDeliversEachByteOnce() throws IOException {
        long cut = SIZE / 2;
        try (ObjectServer server = new ObjectServer(CONTENT).ignoringRange();
             CuttingProxy proxy = new CuttingProxy(server.port(), cut, 1);
             Fetcher f = fetcher(fast());
             FetchStream in = f.open(List.of(URI.create("http://127.0.0.1:" + proxy.port() + "/obj")), ALGS, null)) {
            byte[] got = TestData.readAll(in);

            assertThat(got).isEqualTo(CONTENT);
            assertThat(in.digests()).containsEntry(DigestAlgorithm.MD5, TestData.hex("MD5", CONTENT))
                    .containsEntry(DigestAlgorithm.SHA512, TestData.hex("SHA-512", CONTENT));
            assertThat(server.ranges()).containsExactly("", "bytes=" + cut + "-");
            assertThat(server.ifRanges().get(1)).isEqualTo("\"v1\"");
            assertThat(in.attempts()).isEqualTo(2);
            assertThat(in.bytesRedownloaded()).isEqualTo(cut);
            assertThat(in.bytesRead()).isEqualTo(SIZE);
        }
    }

    @Test
    void rangeResumeContinuesWhereTheDropHappened() throws IOException {
        long cut = SIZE / 3;
        try (ObjectServer server = new ObjectServer(CONTENT);
             CuttingProxy proxy = new CuttingProxy(server.port(), cut, 2);
             Fetcher f = fetcher(fast());
             FetchStream in = f.open(List.of(URI.create("http://127.0.0.1:" + proxy.port() + "/obj")), ALGS, null)) {
            byte[] got = TestData.readAll(in);

            assertThat(got).isEqualTo(CONTENT);
            assertThat(in.digests().get(DigestAlgorithm.SHA512)).isEqualTo(TestData.hex("SHA-512", CONTENT));
            assertThat(server.ranges()).containsExactly("", "bytes=" + cut + "-", "bytes=" + 2 * cut + "-");
            assertThat(server.ifRanges()).containsExactly("", "\"v1\"", "\"v1\"");
            assertThat(in.bytesRedownloaded()).isZero();
            assertThat(in.attempts()).isEqualTo(3);
        }
    }

    @Test
    void stallAfterHeadersTriggersTheIdleTimeoutAndARetry() throws IOException {
        try (ObjectServer server = new ObjectServer(CONTENT).stallingFirst(1);
             Fetcher f = fetcher(fast().withDeadlines(Deadlines.defaults().withIdle(Duration.ofMillis(400))));
             FetchStream in = f.open(List.of(server.url()), ALGS, null)) {
            byte[] got = TestData.readAll(in);

            assertThat(got).isEqualTo(CONTENT);
            assertThat(server.requests()).isEqualTo(2);
            assertThat(in.attempts()).isEqualTo(2);
            assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(100));
        }
    }

    @Test
    void objectChangingBetweenAttemptsFailsClearlyWithoutMixingVersions() throws IOException {
        long cut = SIZE / 4;
        try (ObjectServer server = new ObjectServer(CONTENT).withEtags(n -> n == 1 ? "\"v1\"" : "\"v2\"");
             CuttingProxy proxy = new CuttingProxy(server.port(), cut, 1);
             Fetcher f = fetcher(fast());
             FetchStream in = f.open(List.of(URI.create("http://127.0.0.1:" + proxy.port() + "/obj")), ALGS, null)) {
            byte[] buf = new byte[SIZE];
            int total = 0;
            Throwable failure = null;
            try {
                for (int n; (n = in.read(buf, total, buf.length - total)) > 0; ) {
                    total += n;
                }
            } catch (IOException e) {
                failure = e;
            }

            assertThat(failure).isInstanceOf(ObjectChangedException.class)
                    .hasMessageContaining("changed during download")
                    .hasMessageContaining("ETag \"v1\" before, ETag \"v2\" now")
                    .hasMessageContaining("/obj");
            assertThat(total).isEqualTo(cut);
            assertThat(Arrays.copyOf(buf, total)).isEqualTo(Arrays.copyOf(CONTENT, total));
            assertThat(server.ifRanges()).containsExactly("", "\"v1\"");
        }
    }

    @Test
    void notFoundFailsAtOnceNamingUrlAndStatus() throws IOException {
        try (ObjectServer server = new ObjectServer(CONTENT).answeringFirst(404);
             Fetcher f = fetcher(fast())) {
            assertThatThrownBy(() -> f.open(List.of(server.url()), ALGS, null))
                    .isInstanceOf(TransferException.class)
                    .hasMessageContaining(server.url().toString())
                    .hasMessageContaining("404")
                    .satisfies(e -> assertThat(((TransferException) e).status()).isEqualTo(404));
            assertThat(server.requests()).isEqualTo(1);
            assertThat(sleeper.sleeps()).isEmpty();
        }
    }

    @Test
    void serverErrorsAreRetriedWithExponentialCappedBackoff() throws IOException {
        try (ObjectServer server = new ObjectServer(CONTENT).answeringFirst(503, 503, 503, 500);
             Fetcher f = fetcher(fast());
             FetchStream in = f.open(List.of(server.url()), ALGS, null)) {
            assertThat(TestData.readAll(in)).isEqualTo(CONTENT);
            assertThat(sleeper.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                    Duration.ofMillis(300), Duration.ofMillis(300));
            assertThat(in.attempts()).isEqualTo(5);
        }
    }

    @Test
    void jitteredPausesStayWithinBounds() throws IOException {
        try (ObjectServer server = new ObjectServer(CONTENT).answeringFirst(503, 503, 503, 503, 503);
             Fetcher f = fetcher(fast().withJitter(0.5).withBackoff(Duration.ofMillis(100), Duration.ofMillis(1000)));
             FetchStream in = f.open(List.of(server.url()), ALGS, null)) {
            assertThat(TestData.readAll(in)).isEqualTo(CONTENT);
            List<Duration> sleeps = sleeper.sleeps();
            assertThat(sleeps).hasSize(5);
            long[] bases = {100, 200, 400, 800, 1000};
            for (int i = 0; i < bases.length; i++) {
                assertThat(sleeps.get(i)).isBetween(Duration.ofMillis(bases[i] / 2), Duration.ofMillis(bases[i]));
            }
        }
    }

    @Test
    void attemptsAreBoundedAndTheLastErrorIsReported() throws IOException {
        try (ObjectServer server = new ObjectServer(CONTENT).answeringFirst(503, 503, 503, 503);
             Fetcher f = fetcher(fast().withMaxAttempts(3))) {
            assertThatThrownBy(() -> f.open(List.of(server.url()), ALGS, null))
                    .isInstanceOf(TransferException.class)
                    .hasMessageContaining("giving up after 3 attempts")
                    .hasMessageContaining("503");
            assertThat(server.requests()).isEqualTo(3);
            assertThat(sleeper.sleeps()).hasSize(2);
        }
    }

    @Test
    void connectionRefusedFailsOverToTheNextMirror() throws IOException {
        URI dead = URI.create("http://127.0.0.1:" + NginxServer.freePort() + "/obj");
        try (ObjectServer server = new ObjectServer(CONTENT);
             Fetcher f = fetcher(fast());
             FetchStream in = f.open(List.of(dead, server.url()), ALGS, null)) {
            assertThat(TestData.readAll(in)).isEqualTo(CONTENT);
            assertThat(in.currentUrl()).isEqualTo(server.url());
            assertThat(in.attempts()).isEqualTo(2);
            assertThat(in.digests().get(DigestAlgorithm.MD5)).isEqualTo(TestData.hex("MD5", CONTENT));
        }
    }

    @Test
    void missingOnOneMirrorFailsOverWithoutPause() throws IOException {
        try (ObjectServer missing = new ObjectServer(CONTENT).answeringFirst(404);
             ObjectServer server = new ObjectServer(CONTENT);
             Fetcher f = fetcher(fast());
             FetchStream in = f.open(List.of(missing.url(), server.url()), ALGS, null)) {
            assertThat(TestData.readAll(in)).isEqualTo(CONTENT);
            assertThat(missing.requests()).isEqualTo(1);
            assertThat(sleeper.sleeps()).isEmpty();
        }
    }

    @Test
    void progressReportsTotalAndAFinalEvent() throws IOException {
        List<Progress> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ObjectServer server = new ObjectServer(CONTENT);
             Fetcher f = fetcher(fast());
             InputStream in = f.open(List.of(server.url()), ALGS, events::add)) {
            TestData.readAll(in);
        }
        Progress last = events.getLast();
        assertThat(last.finished()).isTrue();
        assertThat(last.bytesDone()).isEqualTo(SIZE);
        assertThat(last.totalBytes()).isEqualTo(SIZE);
        assertThat(last.attempt()).isEqualTo(1);
        assertThat(events.stream().filter(Progress::finished)).hasSize(1);
    }

    @Test
    void downloadStartsAfreshWhenThePartFileIsOfAnOlderVersion(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("img.tar.lz4");
        long cut = SIZE / 2;
        // request 1 (cut) sees v1; every later request sees v2 with the same bytes, as after a re-upload
        try (ObjectServer server = new ObjectServer(CONTENT).withEtags(n -> n == 1 ? "\"v1\"" : "\"v2\"");
             CuttingProxy proxy = new CuttingProxy(server.port(), cut, 1)) {
            URI url = URI.create("http://127.0.0.1:" + proxy.port() + "/obj");
            try (Fetcher f = fetcher(fast().withMaxAttempts(1))) {
                assertThatThrownBy(() -> f.download(List.of(url), target, ALGS, null)).isInstanceOf(IOException.class);
            }
            assertThat(dir.resolve("img.tar.lz4.part")).hasSize(cut);
            try (Fetcher f = fetcher(fast())) {
                Download d = f.download(List.of(url), target, ALGS, null);
                assertThat(d.resumedFrom()).isZero();
                assertThat(d.digests()).containsEntry(DigestAlgorithm.SHA512, TestData.hex("SHA-512", CONTENT));
            }
            assertThat(server.ifRanges()).containsExactly("", "\"v1\"", "");
            assertThat(Files.readAllBytes(target)).isEqualTo(CONTENT);
            assertThat(dir.resolve("img.tar.lz4.part")).doesNotExist();
        }
    }
}
