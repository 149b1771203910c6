package io.osimg.store.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, item 5: slowloris to the descriptor limit. A server in a child JVM limited to 256 descriptors
 * ({@code prlimit}) is flooded with twice as many connections that send half a request head and stay; {@code /healthz}
 * must answer within a second while they are held, and the server must keep accepting after they leave.
 */
class SlowlorisIT {

    private static final int DESCRIPTORS = 256;
    private static final int ATTACKERS = 2 * DESCRIPTORS;

    @TempDir
    Path base;

    @Test
    void slowlorisToTheDescriptorLimitThenHealthzAnswersWithinASecond() throws Exception {
        Path token = Files.writeString(base.resolve("token"), "tok");
        Path log = base.resolve("server.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder("prlimit", "--nofile=" + DESCRIPTORS + ":" + DESCRIPTORS, java,
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                base.resolve("store").toString(), token.toString())
                .redirectError(log.toFile()).start();
        List<Socket> attackers = new ArrayList<>();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = r.readLine();
            assertThat(first).as("child server's first line").startsWith("port ");
            int port = Integer.parseInt(first.substring(5).trim());
            assertThat(healthz(port, 10_000)).as("the first request (cold)").isEqualTo("200 ok");

            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; i < ATTACKERS && System.nanoTime() < until; i++) {
                Socket s = new Socket();
                attackers.add(s);
                try {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException refused) {
                    break; // the backlog is full: the limit is reached
                }
            }
            Thread.sleep(1_000); // the server works through its accept backlog

            long start = System.nanoTime();
            String answer = healthz(port, 1_000);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer).as("GET /healthz while %d slow connections are held; server log:%n%s", attackers.size(),
                    tail(log)).isEqualTo("200 ok");
            assertThat(millis).as("/healthz answered within a second").isLessThan(1_000);
            String metrics = metrics(port);
            System.out.printf("slowloris: %d connections held, /healthz in %d ms, evicted %.0f, refused %.0f, accept errors %.0f, cap %.0f%n",
                    attackers.size(), millis, counter(metrics, "osimg_http_connections_evicted_total"),
                    counter(metrics, "osimg_http_connections_refused_total"),
                    counter(metrics, "osimg_http_accept_errors_total"), counter(metrics, "osimg_http_connections_max"));
            assertThat(counter(metrics, "osimg_http_connections_evicted_total")).as(metrics).isPositive();
            assertThat(counter(metrics, "osimg_http_connections_open")).as(metrics)
                    .isLessThanOrEqualTo(counter(metrics, "osimg_http_connections_max"));

            for (Socket s : attackers) {
                s.close();
            }
            attackers.clear();
            Thread.sleep(500);
            assertThat(healthz(port, 1_000)).as("after the attackers left; server log:%n%s", tail(log)).isEqualTo("200 ok");
            assertThat(server.isAlive()).isTrue();
        } finally {
            for (Socket s : attackers) {
                s.close();
            }
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Status and body of GET /healthz, or the failure; connect and read each limited to {@code millis}. */
    private static String healthz(int port, int millis) {
        String response = request(port, "/healthz", millis);
        return response.startsWith("HTTP/1.1 ")
                ? response.substring(9, 12) + " " + response.substring(response.indexOf("\r\n\r\n") + 4).trim()
                : response;
    }

    private static String metrics(int port) {
        return request(port, "/metrics", 10_000);
    }

    private static String request(int port, String path, int millis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), millis);
            s.setSoTimeout(millis);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    private static double counter(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
