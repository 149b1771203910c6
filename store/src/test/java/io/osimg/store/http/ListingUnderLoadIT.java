package io.osimg.store.http;

import io.osimg.catalog.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 item 6: S3 listings of a 10,000-image store (50,000 files) must not stall the server. Each listing walked
 * the whole store on a network thread (1.1-1.6 s), so 16 parallel listings made {@code /healthz} wait 22.8 s.
 */
class ListingUnderLoadIT {

    private static final int IMAGES = 10_000;
    private static final int LISTERS = 16;
    private static final int PAGES_PER_LISTER = 10;
    private static final long PROBE_EVERY_MS = 10;

    Path root;
    Process server;
    int port;

    @BeforeEach
    void start() throws Exception {
        // 50,000 files: on tmpfs they are made and removed in seconds, on a disk shared with other work in minutes
        root = Files.createTempDirectory(Path.of("/dev/shm"), "osimg-listing-");
        for (int i = 0; i < IMAGES; i++) {
            image(root, "2026%04d".formatted(1 + i % 28 + 100 * (1 + i / 2800)), "os" + i);
        }
        Path token = Files.writeString(root.resolveSibling(root.getFileName() + ".token"), "unused-token\n");
        // The server runs in a JVM of its own, with the heap and collector `osimg serve` gets: the 16 clients of this
        // JVM allocate a lot, and their collector's pauses must not count as the server's.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), root.toString(), token.toString(), "catalog")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("child server's first line").startsWith("port ");
        port = Integer.parseInt(line.substring(5).trim());
        try (KeepAlive http = new KeepAlive(port)) {
            assertThat(http.get("/metrics")).contains("osimg_catalog_images " + (double) IMAGES);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(root.resolveSibling(root.getFileName() + ".token"));
        assertThat(new ProcessBuilder("rm", "-rf", "--", root.toString()).inheritIO().start().waitFor()).isZero();
    }

    /** Five small files: the image, its two checksum files, packages.txt and manifest.json. */
    private static void image(Path root, String date, String os) throws IOException {
        String dir = date + "/" + os + "/1.0";
        StoreFixture.image(root, dir);
        Path d = root.resolve(dir);
        Files.writeString(d.resolve("img.tar.lz4.sha512"), "ab".repeat(64) + "  img.tar.lz4\n");
        Files.writeString(d.resolve("packages.txt"), "ii  bash  5.2  amd64  GNU Bourne Again SHell\n");
        Files.writeString(d.resolve("manifest.json"), "{\"id\":\"" + os + "-1.0." + date
                + "\",\"classification\":\"supported\",\"features\":[\"machine\"]}\n");
    }

    @Test
    void sixteenParallelListingsLeaveHealthzFast() throws Exception {
        CountDownLatch ready = new CountDownLatch(LISTERS + 1);
        CountDownLatch listersDone = new CountDownLatch(LISTERS);
        List<Long> healthMillis = Collections.synchronizedList(new ArrayList<>());
        List<Future<List<String>>> listers = new ArrayList<>();
        Future<?> health;
        try (ExecutorService pool = Executors.newFixedThreadPool(LISTERS + 1)) {
            for (int c = 0; c < LISTERS; c++) {
                listers.add(pool.submit(() -> {
                    try (KeepAlive http = new KeepAlive(port)) {
                        http.get("/healthz"); // connected, client warm
                        ready.countDown();
                        ready.await();
                        return listPages(http);
                    } finally {
                        listersDone.countDown();
                    }
                }));
            }
            health = pool.submit(() -> {
                try (KeepAlive http = new KeepAlive(port)) {
                    http.get("/healthz");
                    ready.countDown();
                    ready.await();
                    // One probe due every PROBE_EVERY_MS, each counted from when it was due: a probe stuck behind a
                    // listing also delays the probes due meanwhile, which count with their own waits (otherwise one
                    // stall of a minute would be one slow sample among many fast ones). Bounded: until the listers
                    // are done, and never more than 100,000 probes.
                    long due = System.nanoTime();
                    while (healthMillis.size() < 100_000 && (listersDone.getCount() > 0 || healthMillis.size() < 20)) {
                        assertThat(http.get("/healthz")).isEqualTo("ok\n");
                        long now = System.nanoTime();
                        for (; due <= now; due += PROBE_EVERY_MS * 1_000_000) {
                            healthMillis.add((now - due) / 1_000_000);
                        }
                        Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                    }
                }
                return null;
            });
        }
        health.get();
        List<Long> sorted = new ArrayList<>(healthMillis);
        Collections.sort(sorted);
        long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        System.out.printf("healthz during %d parallel listings: %d samples (one due every %d ms), p50 %d ms, p99 %d ms,"
                + " max %d ms%n", LISTERS, sorted.size(), PROBE_EVERY_MS, sorted.get(sorted.size() / 2), p99, sorted.getLast());
        for (Future<List<String>> lister : listers) {
            List<String> firstKeys = lister.get();
            assertThat(firstKeys).hasSize(PAGES_PER_LISTER);
            assertThat(firstKeys.getFirst()).isEqualTo("20260101/os0/1.0/img.tar.lz4");
        }
        assertThat(p99).as("p99 of /healthz in ms while %d clients list the store", LISTERS).isLessThan(100);
    }

    /** The first pages of a ListObjectsV2 listing, following continuation tokens; returns each page's first key. */
    private static List<String> listPages(KeepAlive http) throws IOException {
        List<String> firstKeys = new ArrayList<>();
        String token = null;
        for (int page = 0; page < PAGES_PER_LISTER; page++) {
            // the head of the document holds the token, the key count and the first key
            String head = http.get("/?list-type=2" + (token == null ? "" : "&continuation-token=" + token));
            assertThat(between(head, "<KeyCount>", "</KeyCount>", 0)).isEqualTo("1000");
            firstKeys.add(between(head, "<Key>", "</Key>", 0));
            token = between(head, "<NextContinuationToken>", "</NextContinuationToken>", 0);
        }
        return firstKeys;
    }

    /**
     * A keep-alive HTTP/1.1 connection that allocates next to nothing per request (one reused buffer), so this JVM's
     * collector does not pause the probes: returns the first 2 KiB of each body as text and reads past the rest.
     */
    private static final class KeepAlive implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int start;
        private int end;

        KeepAlive(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(600_000);
            in = socket.getInputStream();
        }

        String get(String target) throws IOException {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            int headEnd;
            while ((headEnd = indexOf("\r\n\r\n")) < 0) {
                fill();
            }
            String head = new String(buffer, start, headEnd - start, StandardCharsets.US_ASCII);
            assertThat(head).startsWith("HTTP/1.1 200");
            long length = Long.parseLong(between(head.toLowerCase(java.util.Locale.ROOT) + "\r\n", "content-length:", "\r\n", 0).trim());
            start = headEnd + 4;
            while (end - start < Math.min(length, 2048)) {
                fill();
            }
            String body = new String(buffer, start, (int) Math.min(length, 2048), StandardCharsets.UTF_8);
            long left = length;
            while (left > 0) {
                if (start == end) {
                    fill();
                }
                int n = (int) Math.min(left, end - start);
                start += n;
                left -= n;
            }
            return body;
        }

        private int indexOf(String s) {
            outer:
            for (int i = start; i + s.length() <= end; i++) {
                for (int j = 0; j < s.length(); j++) {
                    if (buffer[i + j] != s.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private void fill() throws IOException {
            if (start == end) {
                start = end = 0;
            } else if (end == buffer.length) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                throw new IOException("the server closed the connection");
            }
            end += n;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String between(String text, String open, String close, int from) {
        int start = text.indexOf(open, from);
        assertThat(start).as(text).isNotNegative();
        return text.substring(start + open.length(), text.indexOf(close, start));
    }
}
