package io.osimg.store.http;

import io.osimg.store.BlobInfo;
import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ImageServerTest {

    private static final String TOKEN = "s3cr3t-token";

    @TempDir
    Path base;
    FsBlobStore store;
    ImageServer server;
    HttpClient http;
    ConcurrentLinkedQueue<AccessLog.Entry> log = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws IOException {
        store = new FsBlobStore(base.resolve("store"));
        Files.writeString(base.resolve("token"), TOKEN + "\n");
        server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0))
                .uploadToken(UploadToken.fromFile(base.resolve("token"))).accessLog(log::add).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void servesObjectsWithValidatorsAndTypes() throws Exception {
        byte[] data = random(10_000, 1);
        BlobInfo info = store.put("metal-os/stable/debian/12/img.tar.lz4", new ByteArrayInputStream(data));
        store.put("metal-os/stable/debian/12/img.tar.lz4.md5", new ByteArrayInputStream("abc  img.tar.lz4\n".getBytes()));

        HttpResponse<byte[]> r = get("/metal-os/stable/debian/12/img.tar.lz4");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(data);
        assertThat(r.headers().firstValue("etag")).contains(info.etag());
        assertThat(r.headers().firstValue("accept-ranges")).contains("bytes");
        assertThat(r.headers().firstValue("content-type")).contains("application/x-lz4");
        assertThat(r.headers().firstValue("content-length")).contains("10000");
        assertThat(r.headers().firstValue("last-modified")).contains(HttpDates.format(info.lastModified()));

        HttpResponse<byte[]> md5 = get("/metal-os/stable/debian/12/img.tar.lz4.md5");
        assertThat(md5.headers().firstValue("content-type")).contains("text/plain; charset=utf-8");
        assertThat(new String(md5.body(), StandardCharsets.UTF_8)).isEqualTo("abc  img.tar.lz4\n");

        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(uri("/metal-os/stable/debian/12/img.tar.lz4"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).contains("10000");

        HttpResponse<byte[]> missing = get("/metal-os/none");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).startsWith("{\"error\":{\"code\":\"not_found\",\"message\":");
        assertThat(missing.headers().firstValue("content-type")).contains("application/json");
    }

    @Test
    void rangesAndConditionals() throws Exception {
        byte[] data = random(5000, 2);
        BlobInfo info = store.put("f.bin", new ByteArrayInputStream(data));

        HttpResponse<byte[]> r = get("/f.bin", "Range", "bytes=100-199");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("content-range")).contains("bytes 100-199/5000");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, 100, 200));

        HttpResponse<byte[]> bad = get("/f.bin", "Range", "bytes=6000-");
        assertThat(bad.statusCode()).isEqualTo(416);
        assertThat(bad.headers().firstValue("content-range")).contains("bytes */5000");

        assertThat(get("/f.bin", "If-None-Match", info.etag()).statusCode()).isEqualTo(304);
        assertThat(get("/f.bin", "If-None-Match", "\"other\", " + info.etag()).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> changed = get("/f.bin", "If-None-Match", "\"other\"");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(data);
        String lastModified = HttpDates.format(info.lastModified());
        HttpResponse<byte[]> notModified = get("/f.bin", "If-Modified-Since", lastModified);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("etag")).contains(info.etag());
        assertThat(get("/f.bin", "If-Modified-Since", HttpDates.format(info.lastModified().minusSeconds(10))).statusCode())
                .isEqualTo(200);

        HttpResponse<byte[]> ifRangeOk = get("/f.bin", "Range", "bytes=0-9", "If-Range", info.etag());
        assertThat(ifRangeOk.statusCode()).isEqualTo(206);
        assertThat(ifRangeOk.body()).isEqualTo(Arrays.copyOf(data, 10));
        HttpResponse<byte[]> ifRangeStale = get("/f.bin", "Range", "bytes=0-9", "If-Range", "\"stale\"");
        assertThat(ifRangeStale.statusCode()).isEqualTo(200);
        assertThat(ifRangeStale.body()).isEqualTo(data);
        assertThat(get("/f.bin", "Range", "bytes=0-9", "If-Range", lastModified).statusCode()).isEqualTo(206);
        HttpResponse<byte[]> ifRangeOldDate = get("/f.bin", "Range", "bytes=0-9", "If-Range",
                HttpDates.format(info.lastModified().minusSeconds(60)));
        assertThat(ifRangeOldDate.statusCode()).isEqualTo(200);
        assertThat(ifRangeOldDate.body()).isEqualTo(data);
    }

    @Test
    void concurrentRandomRangeDownloadsOfOneLargeFile() throws Exception {
        byte[] data = random(20 * 1024 * 1024, 3);
        store.put("big/img.tar.lz4", new ByteArrayInputStream(data));
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    long first = rnd.nextLong(data.length);
                    long last = Math.min(data.length - 1, first + rnd.nextLong(2 * 1024 * 1024));
                    HttpResponse<byte[]> r = get("/big/img.tar.lz4", "Range", "bytes=" + first + "-" + last);
                    if (r.statusCode() != 206) {
                        return "status " + r.statusCode();
                    }
                    byte[] expected = Arrays.copyOfRange(data, (int) first, (int) last + 1);
                    return Arrays.equals(r.body(), expected) ? "ok" : "bytes differ for " + first + "-" + last;
                }));
            }
        }
        for (Future<String> f : results) {
            assertThat(f.get()).isEqualTo("ok");
        }
        assertThat(server.metrics().render()).contains("osimg_http_requests_total{method=\"GET\",status=\"206\"} 200");
    }

    @Test
    void traversalAttemptsNeverReachFilesOutsideTheRoot() throws Exception {
        Files.writeString(base.resolve("sentinel.txt"), "SENTINEL-OUTSIDE");
        Files.writeString(base.resolve("store/inside.txt"), "inside");
        Files.createSymbolicLink(base.resolve("store/link.txt"), base.resolve("sentinel.txt"));
        Files.createSymbolicLink(base.resolve("store/up"), base);
        List<String> attacks = List.of(
                "/../sentinel.txt", "/%2e%2e/sentinel.txt", "/%2E%2e/sentinel.txt", "/..%2fsentinel.txt",
                "/%2e%2e%2fsentinel.txt", "/inside.txt/../../sentinel.txt", "/..\\sentinel.txt",
                "/%5c..%5csentinel.txt", "//" + base.resolve("sentinel.txt"), "/" + base.resolve("sentinel.txt"),
                "/%2F" + base.resolve("sentinel.txt").toString().substring(1), "/./../sentinel.txt",
                "/inside.txt%00/../../sentinel.txt", "/%00", "/link.txt", "/up/sentinel.txt",
                "/.staging/../../sentinel.txt", "/%252e%252e/sentinel.txt", "/%c0%ae%c0%ae/sentinel.txt",
                "http://127.0.0.1/../sentinel.txt", "/....//sentinel.txt");
        for (String attack : attacks) {
            String response = RawHttp.get(server.port(), attack);
            assertThat(response).as(attack).doesNotContain("SENTINEL-OUTSIDE");
            assertThat(RawHttp.status(response)).as(attack).isIn(400, 404);
        }
        assertThat(RawHttp.get(server.port(), "/inside.txt")).endsWith("inside").startsWith("HTTP/1.1 200");
        assertThat(RawHttp.get(server.port(), "/%69nside.txt")).endsWith("inside");
    }

    @Test
    void s3ListingV2PaginatesAndRollsUpPrefixes() throws Exception {
        for (String k : List.of("m/20240913/debian/13/img.tar.lz4", "m/20240913/debian/13/img.tar.lz4.md5",
                "m/stable/debian/12/img.tar.lz4", "m/stable/ubuntu/24.04/img.tar.lz4", "m/x&y.txt")) {
            store.put(k, new ByteArrayInputStream(k.getBytes()));
        }
        List<String> keys = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String q = "/?list-type=2&prefix=m/&max-keys=2" + (token == null ? "" : "&continuation-token=" + token);
            Document doc = xml(get(q).body());
            Element rootEl = doc.getDocumentElement();
            assertThat(rootEl.getNamespaceURI()).isEqualTo("http://s3.amazonaws.com/doc/2006-03-01/");
            assertThat(rootEl.getLocalName()).isEqualTo("ListBucketResult");
            assertThat(text(rootEl, "MaxKeys")).isEqualTo("2");
            keys.addAll(all(doc, "Key"));
            token = "true".equals(text(rootEl, "IsTruncated")) ? text(rootEl, "NextContinuationToken") : null;
            pages++;
        } while (token != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(keys).containsExactly("m/20240913/debian/13/img.tar.lz4", "m/20240913/debian/13/img.tar.lz4.md5",
                "m/stable/debian/12/img.tar.lz4", "m/stable/ubuntu/24.04/img.tar.lz4", "m/x&y.txt");

        Document rolled = xml(get("/?list-type=2&prefix=m/&delimiter=/").body());
        assertThat(all(rolled, "Prefix")).containsExactly("m/", "m/20240913/", "m/stable/");
        assertThat(all(rolled, "Key")).containsExactly("m/x&y.txt");
        assertThat(text(rolled.getDocumentElement(), "KeyCount")).isEqualTo("3");
        Element contents = (Element) rolled.getElementsByTagNameNS("*", "Contents").item(0);
        assertThat(text(contents, "Size")).isEqualTo(Long.toString("m/x&y.txt".length()));
        assertThat(text(contents, "StorageClass")).isEqualTo("STANDARD");
        assertThat(text(contents, "ETag")).isEqualTo(store.stat("m/x&y.txt").orElseThrow().etag());
        assertThat(text(contents, "LastModified")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        Document v1 = xml(get("/?prefix=m/stable/&max-keys=1").body());
        assertThat(all(v1, "Key")).containsExactly("m/stable/debian/12/img.tar.lz4");
        assertThat(text(v1.getDocumentElement(), "NextMarker")).isEqualTo("m/stable/debian/12/img.tar.lz4");
        Document v1next = xml(get("/?prefix=m/stable/&marker=m/stable/debian/12/img.tar.lz4").body());
        assertThat(all(v1next, "Key")).containsExactly("m/stable/ubuntu/24.04/img.tar.lz4");
        assertThat(text(v1next.getDocumentElement(), "IsTruncated")).isEqualTo("false");

        assertThat(get("/?list-type=2&prefix=../").statusCode()).isEqualTo(400);
    }

    @Test
    void uploadsNeedTheTokenAndMatchingChecksums() throws Exception {
        byte[] data = random(3 * 1024 * 1024 + 17, 4);
        String sha512 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        String key = "/stable/debian/12/img.tar.lz4";
        String target = key + "?upload=" + openSession("stable/debian/12");

        HttpResponse<String> noToken = put(target, data, "X-Checksum-Sha512", sha512);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("www-authenticate").orElse("")).startsWith("Bearer");
        assertThat(noToken.body()).contains("\"code\":\"unauthorized\"");
        HttpResponse<String> wrongToken = put(target, data, "Authorization", "Bearer nope", "X-Checksum-Sha512", sha512);
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.body()).contains("\"code\":\"forbidden\"");
        assertThat(put(target, data, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(428);

        String wrongSha = "0".repeat(128);
        HttpResponse<String> mismatch = put(target, data, "Authorization", "Bearer " + TOKEN, "X-Checksum-Sha512", wrongSha);
        assertThat(mismatch.statusCode()).isEqualTo(422);
        assertThat(mismatch.body()).contains("\"code\":\"checksum_mismatch\"").contains(wrongSha).contains(sha512);
        // the one integrity failure, worded as everywhere else: what, then expected, then actual
        assertThat(mismatch.body()).contains("sha512 of upload stable/debian/12/img.tar.lz4: expected " + wrongSha
                + " but got " + sha512);
        assertThat(get(key).statusCode()).isEqualTo(404);
        assertThat(new String(get("/?list-type=2").body(), StandardCharsets.UTF_8)).doesNotContain("<Key>");
        assertThat(stagingEntries()).isEmpty();
        HttpResponse<String> badMd5 = put(key + "?upload=" + openSession("stable/debian/12"), data,
                "Authorization", "Bearer " + TOKEN, "X-Checksum-Sha512", sha512, "X-Checksum-Md5", "f".repeat(32));
        assertThat(badMd5.statusCode()).isEqualTo(422);
        assertThat(get(key).statusCode()).isEqualTo(404);
        assertThat(stagingEntries()).isEmpty();

        String id = openSession("stable/debian/12");
        HttpResponse<String> ok = put(key + "?upload=" + id, data, "Authorization", "Bearer " + TOKEN,
                "X-Checksum-Sha512", sha512, "X-Checksum-Md5", md5);
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(ok.body()).contains("\"sha512\":\"" + sha512 + "\"").contains("\"staged\":true");
        assertThat(get(key).statusCode()).isEqualTo(404); // staged until the commit
        byte[] sum = (md5 + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8);
        String contentMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(sum));
        assertThat(put(key + ".md5?upload=" + id, sum, "Authorization", "Bearer " + TOKEN, "Content-MD5", contentMd5)
                .statusCode()).isEqualTo(201);
        assertThat(put("/../evil.txt?upload=" + id, sum, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
        assertThat(Files.exists(base.resolve("evil.txt"))).isFalse();
        assertThat(http.send(HttpRequest.newBuilder(uri("/api/v1/uploads/" + id + "/commit"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(get(key).body()).isEqualTo(data);
        assertThat(get(key + ".md5").body()).isEqualTo(sum);
        assertThat(stagingEntries()).isEmpty();
        assertThat(log).anySatisfy(e -> {
            assertThat(e.method()).isEqualTo("PUT");
            assertThat(e.status()).isEqualTo(422);
        });
    }

    private String openSession(String directory) throws Exception {
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(uri("/api/v1/uploads?directory=" + directory))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).as(open.body()).isEqualTo(201);
        return open.body().replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void healthAndMetrics() throws Exception {
        HttpResponse<byte[]> health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new String(health.body(), StandardCharsets.UTF_8)).isEqualTo("ok\n");
        store.put("a", new ByteArrayInputStream(new byte[1234]));
        get("/a");
        get("/missing");
        server.metrics().gauge("osimg_catalog_images", "images in the catalog", 7);
        String metrics = new String(get("/metrics").body(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("osimg_http_requests_total{method=\"GET\",status=\"200\"} 2")
                .contains("osimg_http_requests_total{method=\"GET\",status=\"404\"} 1")
                .contains("osimg_catalog_images 7.0")
                .contains("osimg_http_requests_in_flight 1")
                .containsPattern("osimg_http_response_bytes_total \\d+");
        assertThat(log).anySatisfy(e -> {
            assertThat(e.line()).matches("127\\.0\\.0\\.1:\\d+ GET /a 200 1234 \\d+ms");
        });
        assertThat(http.send(HttpRequest.newBuilder(uri("/a")).DELETE().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> put(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<Path> stagingEntries() throws IOException {
        try (Stream<Path> s = Files.list(store.stagingDirectory())) {
            return s.toList();
        }
    }

    static Document xml(byte[] body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    static String text(Element parent, String name) {
        NodeList list = parent.getElementsByTagNameNS("*", name);
        return list.getLength() == 0 ? null : list.item(0).getTextContent();
    }

    static List<String> all(Document doc, String name) {
        NodeList list = doc.getElementsByTagNameNS("*", name);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add(list.item(i).getTextContent());
        }
        return out;
    }
}
