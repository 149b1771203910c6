package io.osimg.transfer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transfer deadlines against a raw-socket server that misbehaves: each fault fails within its deadline (times the
 * attempts, plus a margin for a loaded machine) with a message naming the URL, the deadline and its figures.
 */
@Timeout(60)
class FetcherDeadlinesTest {

    private static final Duration MARGIN = Duration.ofSeconds(4);

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private Fetcher fetcher(Deadlines deadlines) {
        return new Fetcher(TransferOptions.defaults().withDeadlines(deadlines).withMaxAttempts(2)
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10)), Clock.systemUTC(), sleeper);
    }

    @Test
    void serverThatNeverAnswersFailsAfterTheFirstByteTimeout() throws IOException {
        Deadlines d = Deadlines.defaults().withFirstByte(Duration.ofMillis(500));
        try (RawServer server = RawServer.silent(); Fetcher f = fetcher(d)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> f.open(List.of(server.url()), Set.of(), null))
                    .isInstanceOf(TransferException.class)
                    .hasMessageContaining("giving up after 2 attempts")
                    .hasMessageContaining("GET " + server.url() + ": no response headers within 0.5 s (--first-byte-timeout)");
            assertThat(elapsed(started)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1000).plus(MARGIN));
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void stallMidBodyFailsAfterTheIdleTimeout() throws IOException {
        Deadlines d = Deadlines.defaults().withIdle(Duration.ofMillis(500));
        try (RawServer server = RawServer.stalling(1_000_000, 1000); Fetcher f = fetcher(d);
             FetchStream in = f.open(List.of(server.url()), Set.of(), null)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> in.readAllBytes())
                    .isInstanceOf(TransferException.class)
                    .hasMessageContaining("giving up after 2 attempts at byte 1000")
                    .hasMessageContaining("GET " + server.url() + ": no byte for 0.5 s (--idle-timeout)");
            assertThat(elapsed(started)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1000).plus(MARGIN));
            assertThat(in.offset()).isEqualTo(1000);
        }
    }

    @Test
    void dripBelowTheMinimumRateFailsAfterItsWindow() throws IOException {
        Deadlines d = Deadlines.defaults().withIdle(Duration.ofSeconds(5)).withMinRate(1024, Duration.ofSeconds(1));
        try (RawServer server = RawServer.dripping(1_000_000, Duration.ofMillis(50)); Fetcher f = fetcher(d);
             FetchStream in = f.open(List.of(server.url()), Set.of(), null)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> in.readAllBytes())
                    .isInstanceOf(TransferException.class)
                    .hasMessageContaining("giving up after 2 attempts")
                    .hasMessageContaining("GET " + server.url() + ": ")
                    .hasMessageMatching(".*: \\d+ bytes in 1 s, below the minimum of 1024 bytes/s \\(--min-rate\\)$");
            assertThat(elapsed(started)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2000).plus(MARGIN));
            assertThat(in.offset()).isBetween(2L, 80L);
        }
    }

    @Test
    void connectionThatIsNeverAcceptedFailsAfterTheConnectTimeout() throws IOException {
        Deadlines d = Deadlines.defaults().withConnect(Duration.ofMillis(500));
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); Fetcher f = fetcher(d)) {
            // never accepting: once its queue is full the kernel drops further SYNs, so connecting hangs
            while (true) {
                Socket s = new Socket();
                queued.add(s);
                try {
                    s.connect(full.getLocalSocketAddress(), 200);
                } catch (SocketTimeoutException queueFull) {
                    break;
                }
            }
            URI url = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/obj");
            long started = System.nanoTime();
            assertThatThrownBy(() -> f.open(List.of(url), Set.of(), null))
                    .isInstanceOf(TransferException.class)
                    .hasMessageEndingWith("last error: GET " + url + ": no connection within 0.5 s (--connect-timeout)");
            assertThat(elapsed(started)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1000).plus(MARGIN));
        } finally {
            for (Socket s : queued) {
                s.close();
            }
        }
    }

    @Test
    void refusedConnectionSaysSo() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + NginxServer.freePort() + "/obj");
        try (Fetcher f = fetcher(Deadlines.defaults())) {
            assertThatThrownBy(() -> f.open(List.of(closed), Set.of(), null))
                    .isInstanceOf(TransferException.class)
                    .hasMessageEndingWith("last error: GET " + closed + ": connection refused");
        }
    }

    @Test
    void deadlinesAreCheckedAndDescribed() {
        assertThatThrownBy(() -> Deadlines.defaults().withIdle(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle");
        assertThatThrownBy(() -> Deadlines.defaults().withMinRate(-1, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minRate");
        assertThat(Deadlines.defaults()).isEqualTo(new Deadlines(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(30), 1024, Duration.ofSeconds(60)));
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
