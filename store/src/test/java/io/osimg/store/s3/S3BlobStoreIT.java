package io.osimg.store.s3;

import io.osimg.store.BlobContent;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobNotFoundException;
import io.osimg.store.BlobTransaction;
import io.osimg.store.InvalidKeyException;
import io.osimg.store.StoreException;
import io.osimg.store.catalog.BlobStoreView;
import io.osimg.catalog.CatalogSnapshot;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.catalog.StoreScanner;
import io.osimg.store.http.ImageServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link S3BlobStore} against a real S3Proxy (filesystem backend) in its own process on 127.0.0.1. */
class S3BlobStoreIT {

    private static final int PART = S3BlobStore.MIN_PART_SIZE;

    @TempDir
    static Path dir;
    private static S3ProxyServer s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start(dir, "osimg");
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    private static byte[] readAll(S3BlobStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    @Test
    void smallObjectsRoundTripWithTheirDigests() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/small", PART, 1000);
        byte[] data = "bcd2c36bd8d2bd8aa2b1c1a0a2cbd9ad  img.tar.lz4\n".getBytes(StandardCharsets.UTF_8);
        BlobInfo put = store.put("a b/ü+x.md5", new ByteArrayInputStream(data));
        assertThat(put.size()).isEqualTo(data.length);
        assertThat(put.etag()).isEqualTo("\"" + hex("MD5", data) + "\""); // one PUT: S3's ETag is the MD5
        assertThat(store.stat("a b/ü+x.md5")).contains(put);
        try (BlobContent c = store.read("a b/ü+x.md5")) {
            assertThat(c.info()).isEqualTo(put);
            ByteBuffer buf = ByteBuffer.allocate(data.length + 10);
            while (c.channel().read(buf) >= 0) {
                // until the end
            }
            assertThat(buf.flip().remaining()).isEqualTo(data.length);
            assertThat(remaining(buf)).isEqualTo(data);
        }
        // the bytes are where S3Proxy keeps them: the object is prefix/key in the bucket
        assertThat(Files.readAllBytes(s3.data().resolve("osimg/small/a b/ü+x.md5"))).isEqualTo(data);
        BlobInfo empty = store.put("empty", InputStream.nullInputStream());
        assertThat(empty.size()).isZero();
        assertThat(readAll(store, "empty")).isEmpty();
    }

    @Test
    void largeObjectsAreMultipartUploadsAndReadBackExactly() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/large", PART, 1000);
        byte[] data = random(2 * PART + 12_345, 1);
        BlobInfo put = store.put("stable/debian/12/img.tar.lz4", new ByteArrayInputStream(data));
        assertThat(put.size()).isEqualTo(data.length);
        assertThat(put.etag()).endsWith("-3\""); // three parts
        assertThat(hex("SHA-512", readAll(store, "stable/debian/12/img.tar.lz4"))).isEqualTo(hex("SHA-512", data));
        assertThat(store.list("")).extracting(BlobInfo::key).containsExactly("stable/debian/12/img.tar.lz4");
    }

    @Test
    void readingAtAnotherPositionFetchesThatRangeOfTheSameVersion() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/ranges", PART, 1000);
        byte[] data = random(300_000, 2);
        store.put("obj", new ByteArrayInputStream(data));
        try (BlobContent c = store.read("obj")) {
            assertThat(c.channel().size()).isEqualTo(data.length);
            ByteBuffer buf = ByteBuffer.allocate(1000);
            c.channel().position(123_456);
            while (buf.hasRemaining()) {
                assertThat(c.channel().read(buf)).isPositive();
            }
            assertThat(buf.array()).isEqualTo(java.util.Arrays.copyOfRange(data, 123_456, 124_456));
            assertThat(c.channel().position()).isEqualTo(124_456);
            c.channel().position(data.length - 10);
            ByteBuffer tail = ByteBuffer.allocate(100);
            assertThat(c.channel().read(tail)).isEqualTo(10);
            assertThat(c.channel().read(tail)).isEqualTo(-1);
            assertThat(java.util.Arrays.copyOf(tail.array(), 10)).isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 10, data.length));
        }
        // replaced between opening and a ranged read: the read fails instead of mixing two versions
        try (BlobContent c = store.read("obj")) {
            store.put("obj", new ByteArrayInputStream(random(300_000, 3)));
            c.channel().position(200_000);
            assertThatThrownBy(() -> c.channel().read(ByteBuffer.allocate(10)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("replaced or deleted while being read");
        }
    }

    @Test
    void listsByPrefixOverSeveralPages() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(s3.endpoint().getPort());
             S3BlobStore store = S3BlobStore.builder(S3Location.parse("s3://osimg/list"))
                     .endpoint(URI.create("http://127.0.0.1:" + proxy.port()))
                     .credentials(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL).pageSize(2).build()) {
            listsByPrefixOverSeveralPages(store);
            // S3Proxy honours max-keys: a page of 2 is truncated, so the listings followed continuation tokens
            assertThat(proxy.requestLines()).filteredOn(l -> l.startsWith("GET /osimg?") || l.startsWith("GET /osimg/?"))
                    .allMatch(l -> l.contains("max-keys=2"))
                    .anyMatch(l -> l.contains("continuation-token="));
        }
    }

    private void listsByPrefixOverSeveralPages(S3BlobStore store) throws Exception {
        for (int i = 6; i >= 0; i--) {
            store.put("a/" + i + "/f", new ByteArrayInputStream(("a" + i).getBytes(StandardCharsets.UTF_8)));
        }
        store.put("ab", new ByteArrayInputStream(new byte[] {1}));
        store.put("b/x", new ByteArrayInputStream(new byte[] {2, 3}));
        s3.store("s3://osimg/listx", PART, 2).put("a/9/f", new ByteArrayInputStream(new byte[] {4})); // a sibling prefix

        assertThat(store.list("a/")).extracting(BlobInfo::key)
                .containsExactly("a/0/f", "a/1/f", "a/2/f", "a/3/f", "a/4/f", "a/5/f", "a/6/f");
        assertThat(store.list("a")).extracting(BlobInfo::key).hasSize(8).contains("ab");
        assertThat(store.list("")).extracting(BlobInfo::key).hasSize(9).doesNotContain("a/9/f");
        assertThat(store.list("b/")).singleElement().satisfies(i -> {
            assertThat(i.key()).isEqualTo("b/x");
            assertThat(i.size()).isEqualTo(2);
            assertThat(i).isEqualTo(store.stat("b/x").orElseThrow());
        });
        assertThat(store.list("c/")).isEmpty();
    }

    @Test
    void deleteRemovesTheObject() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/delete", PART, 1000);
        store.put("k", new ByteArrayInputStream(new byte[] {1, 2, 3}));
        assertThat(store.delete("k")).isTrue();
        assertThat(store.delete("k")).isFalse();
        assertThat(store.stat("k")).isEmpty();
        assertThatThrownBy(() -> store.read("k")).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void deleteDirectoryRemovesEveryObjectUnderItAndNothingBeside() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/deldir", PART, 2); // listings of two keys a page
        for (String key : List.of("20261120/debian/12/img.tar.lz4", "20261120/debian/12/img.tar.lz4.md5",
                "20261120/debian/12/manifest.json", "20261120/debian/12/sub/x", "20261120/debian/120/img.tar.lz4",
                "20261120/debian/12.txt")) {
            store.put(key, new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(store.deleteDirectory("20261120/debian/12")).isTrue();
        assertThat(store.list("")).extracting(BlobInfo::key)
                .containsExactly("20261120/debian/12.txt", "20261120/debian/120/img.tar.lz4");
        assertThat(store.deleteDirectory("20261120/debian/12")).isFalse();
        assertThatThrownBy(() -> store.deleteDirectory("20261120/../x")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void deleteDirectoryDeletesTheMd5First() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(s3.endpoint().getPort());
             S3BlobStore store = S3BlobStore.builder(S3Location.parse("s3://osimg/delorder"))
                     .endpoint(URI.create("http://127.0.0.1:" + proxy.port()))
                     .credentials(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL).build()) {
            for (String name : List.of("img.tar.lz4", "img.tar.lz4.md5", "img.tar.lz4.sha512", "manifest.json")) {
                store.put("20261120/debian/12/" + name, new ByteArrayInputStream(name.getBytes(StandardCharsets.UTF_8)));
            }
            assertThat(store.deleteDirectory("20261120/debian/12")).isTrue();
            assertThat(proxy.requestLines()).filteredOn(l -> l.startsWith("DELETE ")).containsExactly(
                    "DELETE /osimg/delorder/20261120/debian/12/img.tar.lz4.md5",
                    "DELETE /osimg/delorder/20261120/debian/12/img.tar.lz4",
                    "DELETE /osimg/delorder/20261120/debian/12/img.tar.lz4.sha512",
                    "DELETE /osimg/delorder/20261120/debian/12/manifest.json");
            assertThat(store.list("")).isEmpty();
        }
    }

    @Test
    void aDiscardedMultipartUploadLeavesNothing() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/discard", PART, 1000);
        try (var staged = store.stage("big")) {
            staged.write(ByteBuffer.wrap(random(PART + 10, 4))); // the first part is uploaded
        }
        assertThat(store.list("")).isEmpty();
        assertNoUploadLeftovers();
    }

    @Test
    void aTransactionPublishesTheMd5Last() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/tx", PART, 1000);
        byte[] image = random(PART + 1000, 5);
        String md5 = hex("MD5", image) + "  img.tar.lz4\n";
        List<BlobInfo> published;
        try (BlobTransaction tx = store.begin("stable/debian/12")) {
            tx.put("img.tar.lz4.md5", new ByteArrayInputStream(md5.getBytes(StandardCharsets.UTF_8))); // staged first
            tx.put("img.tar.lz4", new ByteArrayInputStream(image));
            tx.put("packages.txt", new ByteArrayInputStream("ii bash 5.2\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(store.list("")).isEmpty(); // nothing visible before the commit
            published = tx.commit();
        }
        assertThat(published).extracting(BlobInfo::key).containsExactly("stable/debian/12/img.tar.lz4",
                "stable/debian/12/img.tar.lz4.md5", "stable/debian/12/packages.txt");
        assertThat(hex("MD5", readAll(store, "stable/debian/12/img.tar.lz4"))).isEqualTo(hex("MD5", image));
        // S3Proxy's files: the .md5 was written after every other file of the image
        Path imageDir = s3.data().resolve("osimg/tx/stable/debian/12");
        java.time.Instant md5Time = Files.getLastModifiedTime(imageDir.resolve("img.tar.lz4.md5")).toInstant();
        assertThat(Files.getLastModifiedTime(imageDir.resolve("img.tar.lz4")).toInstant()).isBefore(md5Time);
        assertThat(Files.getLastModifiedTime(imageDir.resolve("packages.txt")).toInstant()).isBefore(md5Time);
        CatalogSnapshot catalog = new StoreScanner(new BlobStoreView(store)).scan();
        assertThat(catalog.images()).singleElement().satisfies(i -> {
            assertThat(i.record().id().raw()).isEqualTo("debian-12.0");
            assertThat(i.record().digests()).containsEntry("md5", hex("MD5", image));
        });
    }

    @Test
    void aTransactionThatFailsMidwayLeavesNoObject() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/txfail", PART, 1000);
        byte[] image = random(PART + 1000, 6);
        try (BlobTransaction tx = store.begin("20261120/debian/12")) {
            tx.put("img.tar.lz4", new ByteArrayInputStream(image));
            tx.put("img.tar.lz4.md5", new ByteArrayInputStream((hex("MD5", image) + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8)));
            // a name the filesystem under S3Proxy cannot hold (a segment longer than 255 bytes): its upload fails
            // after img.tar.lz4 was published
            tx.put("x".repeat(300), new ByteArrayInputStream(new byte[] {1}));
            assertThatThrownBy(tx::commit).isInstanceOf(StoreException.class)
                    .hasMessageContaining("publishing directory 20261120/debian/12")
                    .hasMessageContaining("were removed");
        }
        assertThat(store.list("")).isEmpty();
        assertThat(new StoreScanner(new BlobStoreView(store)).scan().images()).isEmpty();
        assertNoUploadLeftovers();
    }

    @Test
    void replacingAStableImageHidesItUntilTheNewMd5AndAFailedReplaceLeavesItHidden() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/replace", PART, 1000);
        StoreScanner scanner = new StoreScanner(new BlobStoreView(store));
        byte[] v1 = random(1000, 10);
        byte[] v2 = random(2000, 11);
        for (byte[] image : List.of(v1, v2)) {
            try (BlobTransaction tx = store.begin("stable/debian/12")) {
                tx.put("img.tar.lz4", new ByteArrayInputStream(image));
                tx.put("img.tar.lz4.md5", new ByteArrayInputStream((hex("MD5", image) + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8)));
                tx.commit();
            }
            assertThat(scanner.scan().images()).singleElement()
                    .satisfies(i -> assertThat(i.record().digests()).containsEntry("md5", hex("MD5", image)));
        }
        byte[] v3 = random(3000, 12);
        try (BlobTransaction tx = store.begin("stable/debian/12")) {
            tx.put("img.tar.lz4", new ByteArrayInputStream(v3));
            tx.put("img.tar.lz4.md5", new ByteArrayInputStream((hex("MD5", v3) + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8)));
            tx.put("y".repeat(300), new ByteArrayInputStream(new byte[] {1})); // fails after img.tar.lz4 was replaced
            assertThatThrownBy(tx::commit).isInstanceOf(StoreException.class);
        }
        // the old .md5 went first and the new one never came: no image (rather than v3's tarball with v2's .md5)
        assertThat(store.stat("stable/debian/12/img.tar.lz4.md5")).isEmpty();
        assertThat(scanner.scan().images()).isEmpty();
        assertNoUploadLeftovers();
    }

    @Test
    void anImageIsNotInTheCatalogBeforeItsMd5() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/catalog", PART, 1000);
        StoreScanner scanner = new StoreScanner(new BlobStoreView(store));
        byte[] image = random(1000, 7);
        store.put("20261120/debian/12/img.tar.lz4", new ByteArrayInputStream(image));
        store.put("20261120/debian/12/img.tar.lz4.sha512", new ByteArrayInputStream(
                (hex("SHA-512", image) + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(scanner.scan().images()).isEmpty();
        store.put("20261120/debian/12/img.tar.lz4.md5", new ByteArrayInputStream(
                (hex("MD5", image) + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(scanner.scan().images()).singleElement().satisfies(i -> {
            assertThat(i.record().id().raw()).isEqualTo("debian-12.0.20261120");
            assertThat(i.record().size()).isEqualTo(1000);
            assertThat(i.record().digests()).containsEntry("sha512", hex("SHA-512", image));
        });
    }

    @Test
    void theAwsSdkReadsWhatWeWroteAndWeReadWhatItWrote() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/sdk", PART, 1000);
        byte[] ours = random(PART + 99, 13);
        BlobInfo info = store.put("ours/img.tar.lz4", new ByteArrayInputStream(ours));
        byte[] theirs = random(70_000, 14);
        try (software.amazon.awssdk.services.s3.S3Client sdk = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(s3.endpoint()).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL)))
                // S3Proxy 2.6 answers 501 to the SDK's default flexible checksums (x-amz-checksum-*, aws-chunked)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            var got = sdk.getObjectAsBytes(r -> r.bucket("osimg").key("sdk/ours/img.tar.lz4"));
            assertThat(hex("SHA-256", got.asByteArray())).isEqualTo(hex("SHA-256", ours));
            assertThat(got.response().eTag()).isEqualTo(info.etag());
            sdk.putObject(r -> r.bucket("osimg").key("sdk/theirs/file"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(theirs));
            var listed = sdk.listObjectsV2(r -> r.bucket("osimg").prefix("sdk/"));
            assertThat(listed.contents()).extracting(o -> o.key()).filteredOn(k -> !k.endsWith("/")) // S3Proxy's directories
                    .containsExactly("sdk/ours/img.tar.lz4", "sdk/theirs/file");
        }
        assertThat(readAll(store, "theirs/file")).isEqualTo(theirs);
        assertThat(store.list("")).extracting(BlobInfo::key).containsExactly("ours/img.tar.lz4", "theirs/file");
    }

    @Test
    void wrongCredentialsAreReportedWithS3sErrorCode() {
        S3BlobStore store = S3BlobStore.builder(S3Location.parse("s3://osimg/x")).endpoint(s3.endpoint())
                .credentials(S3ProxyServer.IDENTITY, "wrong").build();
        assertThatThrownBy(() -> store.list("")).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.getMessage()).contains("listing prefix '' in s3://osimg/x at " + s3.endpoint());
        });
    }

    @Test
    void theImageServerServesObjectsOfAnS3Store() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/serve", PART, 1000);
        byte[] image = random(PART + 70_000, 8);
        try (BlobTransaction tx = store.begin("20261120/debian/12")) {
            tx.put("img.tar.lz4", new ByteArrayInputStream(image));
            tx.put("img.tar.lz4.md5", new ByteArrayInputStream((hex("MD5", image) + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8)));
            tx.commit();
        }
        BlobInfo info = store.stat("20261120/debian/12/img.tar.lz4").orElseThrow();
        try (ImageServer server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0))
                .catalog(StoreCatalog.open(new BlobStoreView(store), null, c -> { })).ioThreads(1).start();
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            HttpResponse<byte[]> whole = http.send(get(base + "20261120/debian/12/img.tar.lz4").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.headers().firstValue("ETag")).contains(info.etag());
            assertThat(hex("SHA-256", whole.body())).isEqualTo(hex("SHA-256", image));

            HttpResponse<byte[]> range = http.send(get(base + "20261120/debian/12/img.tar.lz4")
                    .header("Range", "bytes=5000000-5000099").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.headers().firstValue("Content-Range")).contains("bytes 5000000-5000099/" + image.length);
            assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(image, 5_000_000, 5_000_100));

            HttpResponse<String> multi = http.send(get(base + "20261120/debian/12/img.tar.lz4")
                    .header("Range", "bytes=0-3,-4").build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
            assertThat(multi.statusCode()).isEqualTo(206);
            assertThat(multi.body()).contains("Content-Range: bytes 0-3/" + image.length,
                    new String(image, 0, 4, StandardCharsets.ISO_8859_1), new String(image, image.length - 4, 4, StandardCharsets.ISO_8859_1));

            HttpResponse<String> md5 = http.send(get(base + "20261120/debian/12/img.tar.lz4.md5").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(md5.body()).isEqualTo(hex("MD5", image) + "  img.tar.lz4\n");
            HttpResponse<String> notModified = http.send(get(base + "20261120/debian/12/img.tar.lz4.md5")
                    .header("If-None-Match", md5.headers().firstValue("ETag").orElseThrow()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(notModified.statusCode()).isEqualTo(304);

            HttpResponse<String> latest = http.send(get(base + "api/v1/images/debian-12/latest").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(latest.body()).contains("\"id\":\"debian-12.0.20261120\"", "\"md5\":\"" + hex("MD5", image) + "\"");
            HttpResponse<String> missing = http.send(get(base + "20261120/debian/12/nothing").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void uploadSessionsOfTheServerPublishIntoAnS3Store() throws Exception {
        S3BlobStore store = s3.store("s3://osimg/upload", PART, 1000);
        byte[] image = random(PART + 4321, 9);
        String md5 = hex("MD5", image);
        try (ImageServer server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0))
                .uploadToken(io.osimg.store.http.UploadToken.of("t0ken"))
                .catalog(StoreCatalog.open(new BlobStoreView(store), null, c -> { })).start();
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            HttpResponse<String> open = http.send(get(base + "api/v1/uploads?directory=20261121/debian/12")
                    .header("Authorization", "Bearer t0ken").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(open.statusCode()).as(open.body()).isEqualTo(201);
            String id = open.body().replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> putImage = http.send(get(base + "20261121/debian/12/img.tar.lz4?upload=" + id)
                    .header("Authorization", "Bearer t0ken").header("X-Checksum-Md5", md5)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(putImage.statusCode()).as(putImage.body()).isEqualTo(201);
            HttpResponse<String> putMd5 = http.send(get(base + "20261121/debian/12/img.tar.lz4.md5?upload=" + id)
                    .header("Authorization", "Bearer t0ken")
                    .PUT(HttpRequest.BodyPublishers.ofString(md5 + "  img.tar.lz4\n")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(putMd5.statusCode()).as(putMd5.body()).isEqualTo(201);
            assertThat(store.list("")).isEmpty(); // staged, not visible

            HttpResponse<String> commit = http.send(get(base + "api/v1/uploads/" + id + "/commit")
                    .header("Authorization", "Bearer t0ken").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
            assertThat(hex("MD5", readAll(store, "20261121/debian/12/img.tar.lz4"))).isEqualTo(md5);
            HttpResponse<String> latest = http.send(get(base + "api/v1/images/debian-12/latest").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(latest.body()).contains("\"id\":\"debian-12.0.20261121\"");

            // a session PUT whose body does not match its digest leaves nothing (its multipart upload is aborted)
            HttpResponse<String> second = http.send(get(base + "api/v1/uploads?directory=stable/debian/12")
                    .header("Authorization", "Bearer t0ken").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            String id2 = second.body().replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> bad = http.send(get(base + "stable/debian/12/img.tar.lz4?upload=" + id2)
                    .header("Authorization", "Bearer t0ken").header("X-Checksum-Md5", "0".repeat(32))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(422);
            assertThat(store.list("stable/")).isEmpty();
            assertNoUploadLeftovers();
        }
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(30));
    }

    /**
     * S3Proxy's filesystem backend keeps a multipart upload as {@code .mpus-<id>-...} part files and a {@code <id>}
     * file at the bucket root until it is completed or aborted: none may be left.
     */
    private static void assertNoUploadLeftovers() throws IOException {
        assertThat(filesUnder(s3.data().resolve("osimg")))
                .noneMatch(p -> p.startsWith(".mpus-") || p.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }

    private static List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
        }
    }

    private static byte[] remaining(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
