package io.osimg.store.mirror;

import io.osimg.core.image.ImageId;
import io.osimg.store.BlobInfo;
import io.osimg.store.ImageInventory;
import io.osimg.store.StoredImage;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.ImageServer;
import io.osimg.store.prune.InUseList;
import io.osimg.store.prune.PrunePlan;
import io.osimg.store.prune.Pruner;
import io.osimg.store.s3.S3BlobStore;
import io.osimg.store.s3.S3ProxyServer;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.ProgressListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.osimg.store.mirror.UpstreamFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirror into and prune of an {@link S3BlobStore} on a real S3Proxy (127.0.0.1), from an {@link ImageServer} over a
 * directory store with seven images of two OSes (debian 11 and 12, ubuntu 24.04; created = release date, expiring
 * 90 days later).
 */
class MirrorS3IT {

    /** Release date, OS directory, version directory. */
    static final List<String[]> IMAGES = List.of(
            new String[] {"20260101", "debian", "12"}, new String[] {"20260301", "debian", "12"},
            new String[] {"20260501", "debian", "12"}, new String[] {"20260115", "debian", "11"},
            new String[] {"20260201", "ubuntu", "24.04"}, new String[] {"20260210", "ubuntu", "24.04"},
            new String[] {"20260115", "ubuntu", "24.04"});
    static final List<String> FILES = List.of("img.tar.lz4", "img.tar.lz4.md5", "img.tar.lz4.sha512", "manifest.json",
            "packages.txt", "sbom.cdx.json");

    @TempDir
    static Path base;
    static S3ProxyServer s3;
    static Path upstreamRoot;
    static FsBlobStore upstreamStore;
    static ImageServer server;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(base.resolve("s3"), "images");
        upstreamRoot = base.resolve("upstream");
        Random random = new Random(7);
        for (String[] image : IMAGES) {
            byte[] img = new byte[30_000];
            random.nextBytes(img);
            Instant created = LocalDate.parse(image[0], java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            UpstreamFixture.writeImage(upstreamRoot, dir(image), img, created, created.plus(Duration.ofDays(90)));
        }
        upstreamStore = new FsBlobStore(upstreamRoot);
        server = ImageServer.builder().store(upstreamStore).listen(new InetSocketAddress("127.0.0.1", 0)).ioThreads(2).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        upstreamStore.close();
        s3.close();
    }

    static String dir(String[] image) {
        return UpstreamFixture.PREFIX + "/" + image[0] + "/" + image[1] + "/" + image[2];
    }

    private static MirrorReport mirror(S3BlobStore target, int keep, Path workDirectory) throws IOException {
        return mirror(target, keep, workDirectory, false);
    }

    private static MirrorReport mirror(S3BlobStore target, int keep, Path workDirectory, boolean delete) throws IOException {
        MirrorOptions options = MirrorOptions.defaults().withPolicy(RetentionPolicy.defaults().withKeep(keep)
                .withGrace(Duration.ofDays(365))).withDelete(delete);
        try (Fetcher fetcher = new Fetcher(UpstreamFixture.transferOptions())) {
            Upstream upstream = new Upstream(URI.create("http://127.0.0.1:" + server.port() + "/"), fetcher);
            return new Mirror(upstream, target, fetcher, options, Clock.fixed(NOW, ZoneOffset.UTC), null, workDirectory).run();
        }
    }

    private static List<String> imageDirs(S3BlobStore store) throws IOException {
        return store.list("").stream().map(BlobInfo::key).filter(k -> k.endsWith("/img.tar.lz4"))
                .map(k -> k.substring(0, k.length() - "/img.tar.lz4".length())).sorted().toList();
    }

    private static byte[] read(S3BlobStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    /** Every object of the bucket prefix with its sha256, by key. */
    private static Map<String, String> snapshot(S3BlobStore store) throws IOException {
        Map<String, String> objects = new TreeMap<>();
        for (BlobInfo o : store.list("")) {
            objects.put(o.key(), UpstreamFixture.hex("SHA-256", read(store, o.key())));
        }
        return objects;
    }

    @Test
    void mirrorsTheNewestOfEachLineIntoTheBucketVerified() throws Exception {
        try (S3BlobStore target = s3.store("s3://images/keep1", S3BlobStore.MIN_PART_SIZE, 1000)) {
            MirrorReport report = mirror(target, 1, null);

            List<String> expected = List.of("metal-os/20260115/debian/11", "metal-os/20260210/ubuntu/24.04",
                    "metal-os/20260501/debian/12");
            assertThat(report.failures()).isEmpty();
            assertThat(report.fetched()).containsExactlyInAnyOrderElementsOf(expected);
            List<String> keys = target.list("").stream().map(BlobInfo::key).toList();
            assertThat(keys).containsExactlyElementsOf(expected.stream().sorted()
                    .flatMap(d -> FILES.stream().map(f -> d + "/" + f)).toList());
            for (String d : expected) {
                byte[] img = read(target, d + "/img.tar.lz4");
                assertThat(img).isEqualTo(Files.readAllBytes(upstreamRoot.resolve(d + "/img.tar.lz4")));
                assertThat(new String(read(target, d + "/img.tar.lz4.md5"), StandardCharsets.UTF_8))
                        .isEqualTo(UpstreamFixture.hex("MD5", img) + "  img.tar.lz4\n");
                assertThat(new String(read(target, d + "/img.tar.lz4.sha512"), StandardCharsets.UTF_8))
                        .isEqualTo(UpstreamFixture.hex("SHA-512", img) + "  img.tar.lz4\n");
                for (String f : FILES) {
                    assertThat(read(target, d + "/" + f)).as(d + "/" + f)
                            .isEqualTo(Files.readAllBytes(upstreamRoot.resolve(d + "/" + f)));
                }
            }

            MirrorReport again = mirror(target, 1, null);
            assertThat(again.fetched()).isEmpty();
            assertThat(again.upToDate()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aCorruptUpstreamImageLeavesNoTraceInTheBucketAndIsResumedFromAWorkDirectory() throws Exception {
        String bad = "metal-os/20260210/ubuntu/24.04";
        Path img = upstreamRoot.resolve(bad + "/img.tar.lz4");
        byte[] good = Files.readAllBytes(img);
        byte[] corrupt = good.clone();
        corrupt[12_345] ^= 0x01;
        Path work = base.resolve("work");
        try (S3BlobStore target = s3.store("s3://images/fault", S3BlobStore.MIN_PART_SIZE, 1000)) {
            Files.write(img, corrupt);
            MirrorReport report;
            try {
                report = mirror(target, 1, work);
            } finally {
                Files.write(img, good);
            }

            assertThat(report.failures()).extracting(MirrorReport.Failure::directory).containsExactly(bad);
            assertThat(report.failures().getFirst().message()).contains("md5", UpstreamFixture.hex("MD5", good),
                    UpstreamFixture.hex("MD5", corrupt));
            assertThat(target.list(bad)).isEmpty();
            assertThat(imageDirs(target)).containsExactly("metal-os/20260115/debian/11", "metal-os/20260501/debian/12");
            try (Stream<Path> s = Files.list(work.resolve("partial"))) {
                assertThat(s).as("no corrupt bytes kept for resuming, no work left of published images").isEmpty();
            }

            MirrorReport fixed = mirror(target, 1, work);
            assertThat(fixed.failures()).isEmpty();
            assertThat(fixed.fetched()).containsExactly(bad);
            assertThat(read(target, bad + "/img.tar.lz4")).isEqualTo(good);
        }
    }

    @Test
    void filesLeftInTheWorkDirectoryByAnEarlierRunAreNotFetchedAgain() throws Exception {
        String dir = "metal-os/20260501/debian/12";
        Path work = base.resolve("work-again");
        Map<String, Long> bytes = new TreeMap<>();
        try (S3BlobStore target = s3.store("s3://images/again", S3BlobStore.MIN_PART_SIZE, 1000);
             Fetcher fetcher = new Fetcher(UpstreamFixture.transferOptions())) {
            Upstream upstream = new Upstream(URI.create("http://127.0.0.1:" + server.port() + "/"), fetcher);
            StoredImage image = ImageInventory.of(upstream.list("")).stream().filter(i -> i.directory().equals(dir))
                    .findFirst().orElseThrow();
            // what a run killed after the download and before the upload leaves
            new ImageDownload(upstream, fetcher, image, work.resolve("partial"), (i, f) -> ProgressListener.NONE).run();

            MirrorOptions options = MirrorOptions.defaults().withPolicy(RetentionPolicy.defaults().withKeep(1)
                    .withGrace(Duration.ofDays(365)));
            MirrorReport report = new Mirror(upstream, target, fetcher, options, Clock.fixed(NOW, ZoneOffset.UTC),
                    new MirrorListener() {
                        @Override
                        public void fetched(StoredImage i, long n, boolean resumed) {
                            synchronized (bytes) {
                                bytes.put(i.directory(), n);
                            }
                        }
                    }, work).run();

            assertThat(report.failures()).isEmpty();
            assertThat(report.fetched()).contains(dir);
            assertThat(bytes).as("bytes received per image").containsEntry(dir, 0L)
                    .hasEntrySatisfying("metal-os/20260210/ubuntu/24.04", n -> assertThat(n).isGreaterThan(30_000L));
            for (String f : FILES) {
                assertThat(read(target, dir + "/" + f)).as(f).isEqualTo(Files.readAllBytes(upstreamRoot.resolve(dir + "/" + f)));
            }
            try (Stream<Path> s = Files.list(work.resolve("partial"))) {
                assertThat(s).as("published work is removed").isEmpty();
            }
        }
    }

    @Test
    void deleteRemovesTheImagesThePlanNoLongerKeepsFromTheBucket() throws Exception {
        try (S3BlobStore target = s3.store("s3://images/delete", S3BlobStore.MIN_PART_SIZE, 3)) {
            assertThat(mirror(target, 10, null).fetched()).hasSize(IMAGES.size());
            Map<String, String> before = snapshot(target);

            MirrorReport report = mirror(target, 1, null, true);

            List<String> kept = List.of("metal-os/20260115/debian/11", "metal-os/20260210/ubuntu/24.04",
                    "metal-os/20260501/debian/12");
            assertThat(report.fetched()).isEmpty();
            assertThat(report.deleted()).containsExactly("metal-os/20260101/debian/12", "metal-os/20260115/ubuntu/24.04",
                    "metal-os/20260201/ubuntu/24.04", "metal-os/20260301/debian/12");
            Map<String, String> expected = new TreeMap<>(before);
            expected.keySet().removeIf(k -> kept.stream().noneMatch(d -> k.startsWith(d + "/")));
            assertThat(snapshot(target)).isEqualTo(expected).hasSize(kept.size() * FILES.size());
        }
    }

    @Test
    void pruneDeletesExactlyTheExpiredUnusedImagesThatAreNotTheNewestOfTheirOs() throws Exception {
        try (S3BlobStore target = s3.store("s3://images/prune", S3BlobStore.MIN_PART_SIZE, 2)) {
            assertThat(mirror(target, 10, null).fetched()).hasSize(IMAGES.size());
            Map<String, String> before = snapshot(target);
            Pruner pruner = new Pruner(target);
            PrunePlan plan = pruner.plan("", 1, new InUseList(List.of(ImageId.parse("debian-12.0.20260101"))), NOW);

            List<String> expired = List.of("metal-os/20260115/debian/11", "metal-os/20260115/ubuntu/24.04",
                    "metal-os/20260201/ubuntu/24.04", "metal-os/20260301/debian/12");
            assertThat(plan.deletions()).extracting(i -> i.directory()).containsExactlyElementsOf(expired);
            assertThat(plan.decisions()).filteredOn(d -> !d.delete())
                    .extracting(d -> d.image().directory() + " " + d.reason())
                    .containsExactly("metal-os/20260101/debian/12 IN_USE", "metal-os/20260210/ubuntu/24.04 NEWEST",
                            "metal-os/20260501/debian/12 NOT_EXPIRED");
            assertThat(pruner.apply(plan)).containsExactlyElementsOf(expired);

            Map<String, String> after = snapshot(target);
            Map<String, String> kept = new TreeMap<>(before);
            kept.keySet().removeIf(k -> expired.stream().anyMatch(d -> k.startsWith(d + "/")));
            assertThat(after).isEqualTo(kept);
            assertThat(imageDirs(target)).containsExactly("metal-os/20260101/debian/12",
                    "metal-os/20260210/ubuntu/24.04", "metal-os/20260501/debian/12");
            assertThat(pruner.apply(plan)).as("a second pass finds nothing left").isEmpty();
        }
    }
}
