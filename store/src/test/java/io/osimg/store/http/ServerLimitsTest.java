package io.osimg.store.http;

import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 9, item 5 (in one JVM): header and idle timeouts, the connection cap, eviction and the 503 refusal. */
class ServerLimitsTest {

    private static final String TOKEN = "limits-token";

    @TempDir
    Path base;
    ImageServer server;
    final List<Socket> sockets = new ArrayList<>();

    private ImageServer start(ImageServer.Builder builder) throws IOException {
        server = builder.store(new FsBlobStore(base.resolve("store"))).listen(new InetSocketAddress("127.0.0.1", 0))
                .uploadToken(UploadToken.of(TOKEN)).start();
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToEnd(Socket s) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        s.getInputStream().transferTo(all);
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aHeadDrippingInSlowerThanTheHeaderTimeoutGets408AndIsClosed() throws Exception {
        start(ImageServer.builder().headerTimeout(Duration.ofSeconds(1)));
        Socket s = connect();
        long start = System.nanoTime();
        send(s, "GET /healthz HTTP/1.1\r\n");
        Thread dripper = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 50; i++) { // a header line every 200 ms: bytes keep coming, the head never ends
                    Thread.sleep(200);
                    send(s, "X-Drip-" + i + ": y\r\n");
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server: what the test waits for
            }
        });
        String answer = readToEnd(s);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        dripper.interrupt();
        assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close")
                .contains("\"code\":\"request_timeout\"").contains("within 1000 ms");
        assertThat(millis).as("closed after the header timeout, not before").isGreaterThanOrEqualTo(900);
        assertThat(server.metrics().render()).contains("osimg_http_connections_timed_out_total 1");
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeoutWithoutAWord() throws Exception {
        start(ImageServer.builder().idleTimeout(Duration.ofSeconds(1)).headerTimeout(Duration.ofSeconds(30)));
        Socket s = connect();
        send(s, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        InputStream in = s.getInputStream();
        String expected = "HTTP/1.1 200 OK";
        byte[] head = in.readNBytes(expected.length());
        assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
        String rest = readToEnd(s); // returns once the server closes: after the idle timeout
        assertThat(rest).endsWith("\r\n\r\nok\n").doesNotContain("408");
        // a second request within the idle timeout keeps a connection open
        Socket t = connect();
        send(t, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        Thread.sleep(500);
        send(t, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(readToEnd(t).split("HTTP/1.1 200 OK", -1)).hasSize(3);
    }

    @Test
    void overTheCapTheConnectionWaitingLongestForAHeadMakesRoom() throws Exception {
        start(ImageServer.builder().maxConnections(2));
        Socket idle1 = connect();
        awaitMetric("osimg_http_connections_open 1.0");
        Socket idle2 = connect();
        awaitMetric("osimg_http_connections_open 2.0");
        Socket fresh = connect();
        send(fresh, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(readToEnd(fresh)).startsWith("HTTP/1.1 200 OK").endsWith("ok\n");
        assertThat(readToEnd(idle1)).as("the oldest idle connection was closed").isEmpty();
        idle2.setSoTimeout(300);
        try {
            assertThat(idle2.getInputStream().read()).as("the younger one stays open").isNegative();
            throw new AssertionError("the second idle connection was closed too");
        } catch (SocketTimeoutException stillOpen) {
            // expected
        }
        assertThat(server.metrics().render()).contains("osimg_http_connections_evicted_total 1")
                .contains("osimg_http_connections_max 2.0");
    }

    @Test
    void overTheCapWithEveryConnectionBusyANewOneGetsA503WithRetryAfter() throws Exception {
        start(ImageServer.builder().maxConnections(2));
        Socket open = connect();
        send(open, "POST /api/v1/uploads?directory=stable/debian/12 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TOKEN + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        String session = readToEnd(open);
        assertThat(session).startsWith("HTTP/1.1 201");
        String id = session.replaceFirst("(?s).*\"id\":\"([^\"]+)\".*", "$1");
        for (int i = 0; i < 2; i++) { // two uploads in progress: busy, not evictable
            Socket busy = connect();
            send(busy, "PUT /stable/debian/12/file" + i + "?upload=" + id + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TOKEN + "\r\nContent-Length: 1000\r\n\r\nfirst bytes");
        }
        awaitMetric("osimg_http_requests_in_flight 2");
        Socket refused = connect();
        String answer = readToEnd(refused);
        assertThat(answer).startsWith("HTTP/1.1 503 ").contains("Retry-After: 1").contains("Connection: close")
                .contains("\"code\":\"too_many_connections\"");
        assertThat(server.metrics().render()).contains("osimg_http_connections_refused_total 1")
                .contains("osimg_http_connections_evicted_total 0");
    }

    private void awaitMetric(String line) throws InterruptedException {
        for (int i = 0; i < 200 && !server.metrics().render().contains(line + "\n"); i++) {
            Thread.sleep(25);
        }
        assertThat(server.metrics().render()).contains(line + "\n");
    }
}
