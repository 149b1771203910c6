package io.osimg.store.mirror;

import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.AccessLog;
import io.osimg.store.http.ImageServer;
import io.osimg.transfer.Fetcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static io.osimg.store.mirror.UpstreamFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mirror killed (SIGKILL) in the middle of a large image's transfer publishes nothing; the next run continues
 * the partial file with a Range request and the result verifies.
 */
class MirrorResumeIT {

    static final int BIG = 24 * 1024 * 1024;
    static final String BIG_DIR = "metal-os/20260520/debian/12";
    static final String SMALL_DIR = "metal-os/20260519/ubuntu/24.04";

    @TempDir
    Path base;

    @Test
    void killedMirrorResumesOnTheNextRun() throws Exception {
        Path upstreamRoot = base.resolve("upstream");
        Path localRoot = base.resolve("local");
        Random random = new Random(1);
        byte[] big = new byte[BIG];
        random.nextBytes(big);
        byte[] small = new byte[4096];
        random.nextBytes(small);
        UpstreamFixture.writeImage(upstreamRoot, BIG_DIR, big, NOW.minusSeconds(86_400 * 12), NOW.plusSeconds(86_400 * 78));
        UpstreamFixture.writeImage(upstreamRoot, SMALL_DIR, small, NOW.minusSeconds(86_400 * 13), NOW.plusSeconds(86_400 * 77));
        ConcurrentLinkedQueue<AccessLog.Entry> log = new ConcurrentLinkedQueue<>();
        try (FsBlobStore upstreamStore = new FsBlobStore(upstreamRoot);
             ImageServer server = ImageServer.builder().store(upstreamStore).listen(new InetSocketAddress("127.0.0.1", 0))
                     .accessLog(log::add).ioThreads(2).start();
             SlowProxy proxy = new SlowProxy(server.port(), 2 * 1024 * 1024)) {

            Path part = ImageDownload.workDirectory(localRoot.resolve(".staging/partial"), BIG_DIR).resolve("img.tar.lz4.part");
            Process child = startMirror("http://127.0.0.1:" + proxy.port() + "/", localRoot);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (size(part) < 3 * 1024 * 1024 && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(size(part)).as("bytes of the big image received before the kill").isBetween(3L * 1024 * 1024, BIG - 1L);
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            } finally {
                child.destroyForcibly();
            }
            long partial = size(part);
            assertThat(UpstreamFixture.imageDirs(localRoot)).as("published before the kill: only the small image")
                    .doesNotContain(BIG_DIR);

            log.clear();
            MirrorReport report;
            try (Fetcher fetcher = new Fetcher(UpstreamFixture.transferOptions());
                 FsBlobStore local = new FsBlobStore(localRoot)) {
                report = new Mirror(new Upstream(URI.create("http://127.0.0.1:" + server.port() + "/"), fetcher), local,
                        fetcher, MirrorOptions.defaults(), Clock.fixed(NOW, ZoneOffset.UTC), null).run();
            }
            assertThat(report.failures()).isEmpty();
            assertThat(report.fetched()).contains(BIG_DIR);
            List<AccessLog.Entry> bigGets = log.stream().filter(e -> e.path().equals("/" + BIG_DIR + "/img.tar.lz4")).toList();
            // the aborted first transfer may still be logged (bytes < BIG, status 200) after the clear; the rest is one 206
            assertThat(bigGets).noneMatch(e -> e.status() == 200 && e.bytes() == BIG);
            assertThat(bigGets).filteredOn(e -> e.status() != 200).singleElement().satisfies(e -> {
                assertThat(e.status()).as("a Range request continued the partial file").isEqualTo(206);
                assertThat(e.bytes()).isEqualTo(BIG - partial);
            });
            assertThat(report.bytes()).isLessThan(BIG);
            assertThat(Files.readAllBytes(localRoot.resolve(BIG_DIR + "/img.tar.lz4"))).isEqualTo(big);
            assertThat(UpstreamFixture.snapshot(localRoot)).isEqualTo(UpstreamFixture.snapshot(upstreamRoot));
            assertThat(Files.exists(part)).isFalse();
        }
    }

    private static long size(Path p) throws IOException {
        return Files.isRegularFile(p) ? Files.size(p) : 0;
    }

    private static Process startMirror(String url, Path localRoot) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MirrorMain.class.getName(),
                url, localRoot.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
