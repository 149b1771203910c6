package io.osimg.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.catalog.StoreFixture;
import io.osimg.store.fs.FsBlobStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 5: installers POST their events to the server that serves their catalog; GET lists them per machine. */
class EventsApiTest {
    @TempDir
    Path base;
    ImageServer server;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        client.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void keepsEachMachinesEventsInOrderAndListsTheMachines() throws Exception {
        server = ImageServer.builder().store(new FsBlobStore(StoreFixture.contractStore(base.resolve("store"))))
                .listen(new InetSocketAddress("127.0.0.1", 0)).start();
        assertThat(send("GET", "/api/v1/events?machine=m1", null).body()).isEqualTo("[]");
        assertThat(send("POST", "/api/v1/events?machine=m1", "{\"event\":\"started\",\"phase\":\"download\"}").statusCode()).isEqualTo(204);
        assertThat(send("POST", "/api/v1/events?machine=m2", "{\"event\":\"result\",\"ok\":false}").statusCode()).isEqualTo(204);
        assertThat(send("POST", "/api/v1/events?machine=m1", "{\"event\":\"result\",\"ok\":true}").statusCode()).isEqualTo(204);

        HttpResponse<String> m1 = send("GET", "/api/v1/events?machine=m1", null);
        assertThat(m1.statusCode()).isEqualTo(200);
        assertThat(m1.headers().firstValue("content-type")).contains("application/json");
        assertThat(m1.body()).matches("\\[\\{\"event\":\"started\",\"phase\":\"download\",\"received\":\\d+},"
                + "\\{\"event\":\"result\",\"ok\":true,\"received\":\\d+}]");
        assertThat(send("GET", "/api/v1/events", null).body())
                .contains("{\"machine\":\"m2\",\"events\":1,\"last\":{\"event\":\"result\",\"ok\":false")
                .contains("{\"machine\":\"m1\",\"events\":2,");

        HttpResponse<String> bad = send("POST", "/api/v1/events?machine=../x", "{}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("machine=../x: expected a machine ID");
        assertThat(send("POST", "/api/v1/events", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> notJson = send("POST", "/api/v1/events?machine=m1", "event=started");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("event of machine m1: not JSON");
        assertThat(send("POST", "/api/v1/events?machine=m1", "[1]").body()).contains("not a JSON object");
        assertThat(send("POST", "/api/v1/events?machine=m1", "{\"x\":\"" + "a".repeat(70_000) + "\"}").statusCode()).isEqualTo(413);
        assertThat(send("PUT", "/api/v1/events?machine=m1", "{}").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/api/v1/events?machine=m1", null).body()).isEqualTo(m1.body());
    }

    @Test
    void consecutiveProgressEventsAreKeptAsTheNewestOnly() {
        EventLog log = new EventLog();
        log.add("m", "{\"phase\":\"download\",\"event\":\"started\"}".getBytes(), 1);
        for (int i = 0; i < 5000; i++) {
            log.add("m", ("{\"phase\":\"download\",\"event\":\"progress\",\"bytes\":" + i + "}").getBytes(), 2);
        }
        log.add("m", "{\"phase\":\"download\",\"event\":\"finished\"}".getBytes(), 3);
        log.add("m", "{\"event\":\"progress\",\"bytes\":1}".getBytes(), 4);
        assertThat(log.events("m")).isEqualTo("[{\"phase\":\"download\",\"event\":\"started\",\"received\":1},"
                + "{\"phase\":\"download\",\"event\":\"progress\",\"bytes\":4999,\"received\":2},"
                + "{\"phase\":\"download\",\"event\":\"finished\",\"received\":3},"
                + "{\"event\":\"progress\",\"bytes\":1,\"received\":4}]");
    }

    @Test
    void theLogIsBoundedPerMachineAndInMachines() {
        EventLog log = new EventLog();
        for (int i = 0; i < EventLog.PER_MACHINE + 5; i++) {
            log.add("m", ("{\"n\":" + i + "}").getBytes(), 7);
        }
        assertThat(log.events("m")).startsWith("[{\"n\":5,\"received\":7},").endsWith("{\"n\":" + (EventLog.PER_MACHINE + 4) + ",\"received\":7}]");
        for (int i = 0; i < EventLog.MACHINES; i++) {
            log.add("x" + i, "{}".getBytes(), 1);
        }
        assertThat(log.events("m")).isEqualTo("[]");
        assertThat(log.events("x0")).isEqualTo("[{\"received\":1}]");
        assertThatThrownBy(() -> log.add("", "{}".getBytes(), 1)).hasMessageContaining("expected a machine ID");
    }
}
