package io.osimg.install.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpEventSinkTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);

    private static HttpServer server(List<String> bodies, CountDownLatch release) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/events", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        s.start();
        return s;
    }

    @Test
    void postsEachEventAsJson() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer s = server(bodies, new CountDownLatch(0));
        try {
            HttpEventSink sink = new HttpEventSink(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/events"),
                    16, Duration.ofSeconds(2), CLOCK, null);
            sink.phaseStarted(Phase.DOWNLOAD);
            sink.progress(Phase.DOWNLOAD, 10, 100, 5.0, Duration.ofSeconds(18));
            sink.phaseFinished(Phase.DOWNLOAD, Duration.ofMillis(1500), null);
            sink.close(Duration.ofSeconds(10));

            assertThat(sink.sent()).isEqualTo(3);
            assertThat(sink.dropped()).isZero();
            ObjectMapper json = new ObjectMapper();
            JsonNode progress = json.readTree(bodies.get(1));
            assertThat(progress.path("time").asText()).isEqualTo("2026-11-20T10:00:00Z");
            assertThat(progress.path("phase").asText()).isEqualTo("download");
            assertThat(progress.path("event").asText()).isEqualTo("progress");
            assertThat(progress.path("done").asLong()).isEqualTo(10);
            assertThat(progress.path("total").asLong()).isEqualTo(100);
            assertThat(progress.path("eta_seconds").asDouble()).isEqualTo(18.0);
            assertThat(json.readTree(bodies.get(2)).path("took_seconds").asDouble()).isEqualTo(1.5);
        } finally {
            s.stop(0);
        }
    }

    @Test
    void aFullQueueMakesRoomForTheResultByDroppingProgress() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer s = server(bodies, release);
        try {
            HttpEventSink sink = new HttpEventSink(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/events"),
                    64, Duration.ofSeconds(5), CLOCK, null);
            sink.phaseStarted(Phase.DOWNLOAD);   // taken by the sender, which waits for the endpoint
            for (int i = 0; i < 200; i++) {       // 64 queued, the rest dropped: the queue is full
                sink.progress(Phase.DOWNLOAD, i, 1000, 5.0, Duration.ofSeconds(1));
            }
            sink.result(new Outcome.Builder().failed("md5 of x: expected a but got b", 1, Duration.ofSeconds(3)));
            release.countDown();
            sink.close(Duration.ofSeconds(10));

            assertThat(sink.sent()).isEqualTo(2);
            assertThat(sink.dropped()).isEqualTo(200);
            assertThat(bodies).hasSize(2);
            assertThat(bodies.get(1)).contains("\"event\":\"result\"", "\"ok\":false", "md5 of x");
        } finally {
            s.stop(0);
        }
    }

    @Test
    void theResultIsPostedLikeTheOtherEvents() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer s = server(bodies, new CountDownLatch(0));
        try {
            HttpEventSink sink = new HttpEventSink(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/events"),
                    16, Duration.ofSeconds(2), CLOCK, null);
            sink.phaseFinished(Phase.VERIFY, Duration.ofSeconds(1), "md5 of img.tar.lz4: expected ab but got cd");
            sink.result(new Outcome.Builder().target(Outcome.Target.root("/rootfs"))
                    .failed("md5 of img.tar.lz4: expected ab but got cd", 1, Duration.ofSeconds(2)));
            sink.close(Duration.ofSeconds(10));

            assertThat(sink.sent()).isEqualTo(2);
            assertThat(bodies.get(1)).isEqualTo("{\"time\":\"2026-11-20T10:00:00Z\",\"event\":\"result\",\"ok\":false,"
                    + "\"error\":\"md5 of img.tar.lz4: expected ab but got cd\",\"exit_code\":1,"
                    + "\"target\":{\"root\":\"/rootfs\"},\"kexec\":false,\"took_seconds\":2.0}");
        } finally {
            s.stop(0);
        }
    }

    @Test
    void aStuckEndpointDropsAndCountsEventsWithoutBlockingTheCaller() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer s = server(bodies, release);
        try {
            HttpEventSink sink = new HttpEventSink(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/events"),
                    4, Duration.ofMillis(300), CLOCK, null);
            for (int i = 0; i < 100; i++) {
                sink.progress(Phase.EXTRACT, i, -1, 1.0, null);
            }
            // 100 offers returned although the endpoint answers nothing: at most the queue and one in flight survive
            assertThat(sink.dropped()).isGreaterThanOrEqualTo(100 - 4 - 1);
            sink.close(Duration.ofMillis(500));
            assertThat(sink.sent() + sink.failed() + sink.dropped()).isEqualTo(100);
            assertThat(sink.sent()).isZero();
        } finally {
            release.countDown();
            s.stop(0);
        }
    }
}
