package io.osimg.store.mirror;

import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.AccessLog;
import io.osimg.store.http.ImageServer;
import io.osimg.transfer.Fetcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static io.osimg.store.mirror.UpstreamFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mirrors from a real {@link ImageServer} on 127.0.0.1 serving {@link UpstreamFixture}'s 30 images. */
class MirrorTest {

    /** With --keep 2 and the size cap below (see UpstreamFixture for the two expiration exceptions). */
    static final List<String> EXPECTED = List.of(
            "metal-os/20260501/debian/11",           // 20260521 expired beyond grace; 20260401 dropped by the cap
            "metal-os/20260502/debian/12", "metal-os/20260503/ubuntu/22.04", "metal-os/20260504/ubuntu/24.04",
            "metal-os/20260505/firewall/3.0-ubuntu", "metal-os/20260522/debian/12",
            "metal-os/20260523/ubuntu/22.04",        // expired 4 days ago: within the grace period
            "metal-os/20260524/ubuntu/24.04", "metal-os/20260525/firewall/3.0-ubuntu");
    /** Nine image directories fit (about 40.9 kB each), ten do not. */
    static final long MAX_SIZE = 380_000;

    @TempDir
    Path base;
    Path upstreamRoot;
    Path localRoot;
    FsBlobStore upstreamStore;
    ImageServer server;
    final ConcurrentLinkedQueue<AccessLog.Entry> log = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startUpstream() throws IOException {
        upstreamRoot = base.resolve("upstream");
        localRoot = base.resolve("local");
        assertThat(UpstreamFixture.populate(upstreamRoot)).hasSize(30);
        upstreamStore = new FsBlobStore(upstreamRoot);
        server = ImageServer.builder().store(upstreamStore).listen(new InetSocketAddress("127.0.0.1", 0))
                .accessLog(log::add).ioThreads(2).start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        upstreamStore.close();
    }

    private MirrorOptions options() {
        return MirrorOptions.defaults().withPolicy(RetentionPolicy.defaults().withKeep(2).withMaxSize(MAX_SIZE));
    }

    private MirrorReport mirror(URI from, MirrorOptions options) throws IOException {
        try (Fetcher fetcher = new Fetcher(UpstreamFixture.transferOptions());
             FsBlobStore local = new FsBlobStore(localRoot)) {
            Upstream upstream = new Upstream(from, fetcher, 7); // 7 keys a page: the listing needs 22 pages
            return new Mirror(upstream, local, fetcher, options, Clock.fixed(NOW, ZoneOffset.UTC), null).run();
        }
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    private List<AccessLog.Entry> imageRequests() {
        return log.stream().filter(e -> e.path().endsWith("/img.tar.lz4")).toList();
    }

    @Test
    void mirrorsTheExpectedImagesVerifiedAndASecondRunTransfersNothing() throws IOException {
        MirrorReport first = mirror(url(), options());

        assertThat(first.failures()).isEmpty();
        assertThat(first.fetched()).containsExactlyElementsOf(EXPECTED);
        assertThat(UpstreamFixture.imageDirs(localRoot)).containsExactlyElementsOf(EXPECTED);
        Map<String, String> upstream = UpstreamFixture.snapshot(upstreamRoot);
        Map<String, String> local = UpstreamFixture.snapshot(localRoot);
        for (String dir : EXPECTED) {
            for (String f : List.of("img.tar.lz4", "img.tar.lz4.md5", "img.tar.lz4.sha512", "manifest.json", "packages.txt",
                    "sbom.cdx.json")) {
                assertThat(local.get(dir + "/" + f)).as(dir + "/" + f).isNotNull().isEqualTo(upstream.get(dir + "/" + f));
            }
        }
        assertThat(local).hasSize(EXPECTED.size() * 6);
        assertThat(first.bytes()).isGreaterThanOrEqualTo(9L * UpstreamFixture.IMAGE_BYTES);
        assertThat(imageRequests()).hasSize(9).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
        assertThat(log.stream().filter(e -> e.path().startsWith("/?list-type=2"))).hasSize(26); // pages of the listing: six files per image
        assertThat(Files.exists(localRoot.resolve(".staging/partial"))).isTrue();
        try (Stream<Path> s = Files.list(localRoot.resolve(".staging/partial"))) {
            assertThat(s).as("work directories left after a clean round").isEmpty();
        }

        log.clear();
        MirrorReport second = mirror(url(), options());
        assertThat(second.fetched()).isEmpty();
        assertThat(second.upToDate()).containsExactlyElementsOf(EXPECTED);
        assertThat(second.bytes()).isZero();
        assertThat(imageRequests()).as("image downloads in the second run").isEmpty();
        assertThat(log).as("second run: only listing pages and manifests of images not held locally")
                .allSatisfy(e -> assertThat(e.path()).matches("/\\?list-type=2.*|/metal-os/.*/manifest\\.json"));
        assertThat(UpstreamFixture.snapshot(localRoot)).isEqualTo(local);
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() throws IOException {
        MirrorReport report = mirror(url(), options().withDryRun(true));
        assertThat(report.dryRun()).isTrue();
        assertThat(report.plan().keptDirectories()).containsExactlyElementsOf(EXPECTED);
        assertThat(report.fetched()).containsExactlyElementsOf(EXPECTED); // what a real run would fetch
        assertThat(UpstreamFixture.imageDirs(localRoot)).isEmpty();
        assertThat(imageRequests()).isEmpty();
    }

    @Test
    void deleteRemovesLocalImagesThePlanDropped() throws IOException {
        mirror(url(), options());
        MirrorReport report = mirror(url(), options().withPolicy(RetentionPolicy.defaults().withKeep(1)).withDelete(true));
        List<String> newest = List.of("metal-os/20260501/debian/11", "metal-os/20260522/debian/12",
                "metal-os/20260523/ubuntu/22.04", "metal-os/20260524/ubuntu/24.04", "metal-os/20260525/firewall/3.0-ubuntu");
        assertThat(report.fetched()).isEmpty();
        assertThat(report.deleted()).containsExactly("metal-os/20260502/debian/12", "metal-os/20260503/ubuntu/22.04",
                "metal-os/20260504/ubuntu/24.04", "metal-os/20260505/firewall/3.0-ubuntu");
        assertThat(UpstreamFixture.imageDirs(localRoot)).containsExactlyElementsOf(newest);
    }

    @Test
    void aCorruptUpstreamImageIsNotPublishedTheOthersAreAndNothingIsDeleted() throws IOException {
        mirror(url(), options().withPolicy(RetentionPolicy.defaults().withKeep(1)));
        // upstream publishes a new ubuntu 24.04 whose bytes do not match its checksums
        byte[] good = new byte[UpstreamFixture.IMAGE_BYTES];
        new Random(7).nextBytes(good);
        UpstreamFixture.writeImage(upstreamRoot, "metal-os/20260530/ubuntu/24.04", good, NOW.minusSeconds(86_400 * 2),
                NOW.plusSeconds(86_400 * 88));
        byte[] bad = good.clone();
        bad[1234] ^= 1;
        Files.write(upstreamRoot.resolve("metal-os/20260530/ubuntu/24.04/img.tar.lz4"), bad);
        // and a new, good debian 12
        UpstreamFixture.writeImage(upstreamRoot, "metal-os/20260531/debian/12", good, NOW.minusSeconds(86_400),
                NOW.plusSeconds(86_400 * 89));
        Map<String, String> before = UpstreamFixture.snapshot(localRoot);

        MirrorReport report = mirror(url(), options().withPolicy(RetentionPolicy.defaults().withKeep(1)).withDelete(true));

        assertThat(report.ok()).isFalse();
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.directory()).isEqualTo("metal-os/20260530/ubuntu/24.04");
            assertThat(f.message()).contains("md5").contains(UpstreamFixture.hex("MD5", good))
                    .contains(UpstreamFixture.hex("MD5", bad));
        });
        assertThat(report.fetched()).containsExactly("metal-os/20260531/debian/12");
        assertThat(report.deleted()).as("a round with a failure deletes nothing").isEmpty();
        Map<String, String> after = UpstreamFixture.snapshot(localRoot);
        assertThat(after).doesNotContainKey("metal-os/20260530/ubuntu/24.04/img.tar.lz4")
                .containsKey("metal-os/20260531/debian/12/img.tar.lz4");
        after.keySet().removeIf(k -> k.startsWith("metal-os/20260531/"));
        assertThat(after).as("everything else exactly as before").isEqualTo(before);
        try (Stream<Path> s = Files.list(localRoot.resolve(".staging/partial"))) {
            assertThat(s).as("corrupt bytes are not kept for resuming").isEmpty();
        }
    }

    @Test
    void anUnreachableUpstreamLeavesTheLocalStoreUntouched() throws IOException {
        mirror(url(), options());
        Map<String, String> before = UpstreamFixture.snapshot(localRoot);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/");
        assertThatThrownBy(() -> mirror(nowhere, options().withDelete(true)))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("127.0.0.1:" + closedPort);
        assertThat(UpstreamFixture.snapshot(localRoot)).isEqualTo(before);

        // an upstream that answers 5xx-free garbage instead of a listing is a fault too
        assertThatThrownBy(() -> mirror(URI.create(url() + "metal-os/20260501/debian/11/img.tar.lz4.md5/"), options()))
                .isInstanceOf(UpstreamException.class);
        assertThat(UpstreamFixture.snapshot(localRoot)).isEqualTo(before);
    }

    @Test
    void anUpstreamAnswering5xxForOneImageLeavesItUnpublishedAndTheRoundFails() throws Exception {
        mirror(url(), options());
        Map<String, String> before = UpstreamFixture.snapshot(localRoot);
        byte[] fresh = new byte[UpstreamFixture.IMAGE_BYTES];
        new Random(9).nextBytes(fresh);
        UpstreamFixture.writeImage(upstreamRoot, "metal-os/20260530/debian/12", fresh, NOW.minusSeconds(86_400 * 2),
                NOW.plusSeconds(86_400 * 88));
        // a front that forwards everything to the ImageServer except the new image's bytes, which answer 503
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        com.sun.net.httpserver.HttpServer front = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        front.createContext("/", ex -> {
            try (ex) {
                String target = ex.getRequestURI().getRawPath()
                        + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
                if (target.equals("/metal-os/20260530/debian/12/img.tar.lz4")) {
                    refused.incrementAndGet();
                    ex.sendResponseHeaders(503, -1);
                    return;
                }
                var answer = client.send(java.net.http.HttpRequest.newBuilder(URI.create(url() + target.substring(1))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                ex.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                ex.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        front.start();
        try {
            MirrorReport report = mirror(URI.create("http://127.0.0.1:" + front.getAddress().getPort() + "/"),
                    options().withDelete(true));
            assertThat(report.ok()).isFalse();
            assertThat(report.failures()).singleElement().satisfies(f -> {
                assertThat(f.directory()).isEqualTo("metal-os/20260530/debian/12");
                assertThat(f.message()).contains("503");
            });
            assertThat(refused.get()).as("503s before giving up (the attempt budget)").isEqualTo(3);
            assertThat(report.deleted()).isEmpty();
            assertThat(UpstreamFixture.snapshot(localRoot)).as("store exactly as before").isEqualTo(before);
        } finally {
            front.stop(0);
            client.close();
        }
    }
}
