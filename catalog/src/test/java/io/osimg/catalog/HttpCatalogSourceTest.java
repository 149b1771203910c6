package io.osimg.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.osimg.core.image.ImageId;
import io.osimg.transfer.TransferOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bucket over HTTP (the JDK's HTTP server on 127.0.0.1 answering like S3): no osimg API, a listing in pages, a
 * first listing request that fails with 503, small files. The catalog reads it through the fetcher's retries.
 */
class HttpCatalogSourceTest {

    private HttpServer server;
    private String base;
    private final Map<String, String> objects = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger(1);

    private static final TransferOptions FAST = TransferOptions.defaults()
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).withMaxAttempts(3);

    @BeforeEach
    void start() throws IOException {
        String md5 = "0123456789abcdef0123456789abcdef  img.tar.lz4\n";
        for (String dir : List.of("20261101/debian/12", "20261120/debian/12", "stable/debian/13")) {
            objects.put(dir + "/img.tar.lz4", "image " + dir);
            objects.put(dir + "/img.tar.lz4.md5", md5);
        }
        objects.put("20261120/debian/12/manifest.json", "{\"id\":\"debian-12.0.20261120\",\"classification\":\"supported\"}");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/bucket/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/bucket";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring("/bucket/".length());
        String query = ex.getRequestURI().getQuery();
        requests.add(path + (query == null ? "" : "?" + query));
        if (path.isEmpty() && query != null && query.contains("list-type=2")) {
            if (failuresLeft.getAndDecrement() > 0) {
                send(ex, 503, "<Error><Code>SlowDown</Code></Error>");
                return;
            }
            List<String> keys = objects.keySet().stream().sorted().toList();
            boolean second = query.contains("continuation-token=page2");
            List<String> page = second ? keys.subList(4, keys.size()) : keys.subList(0, 4);
            StringBuilder xml = new StringBuilder("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<IsTruncated>" + !second + "</IsTruncated>" + (second ? "" : "<NextContinuationToken>page2</NextContinuationToken>"));
            for (String k : page) {
                xml.append("<Contents><Key>").append(k).append("</Key><Size>").append(objects.get(k).length())
                        .append("</Size><LastModified>2026-11-30T10:00:00.000Z</LastModified><ETag>\"e\"</ETag></Contents>");
            }
            if (second) {
                xml.append("<Contents><Key>broken</Key></Contents>"); // no Size: skipped, the rest is read
            }
            send(ex, 200, xml.append("</ListBucketResult>").toString());
            return;
        }
        String body = objects.get(path);
        send(ex, body == null ? 404 : 200, body == null ? "<Error><Code>NoSuchKey</Code></Error>" : body);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void aBucketIsReadThroughItsListingWithRetriesLikeADirectory() throws Exception {
        try (CatalogSource source = CatalogSource.open(base + "/", FAST)) {
            assertThat(source.describe()).isEqualTo(base);
            assertThat(source.list(CatalogFilter.ALL)).extracting(i -> i.id().raw() + "@" + i.channelName() + "@"
                    + i.record().classification()).containsExactly("debian-12.0.20261101@release@preview",
                    "debian-12.0.20261120@release@supported", "debian-13.0@stable@preview");
            assertThat(source.resolve(ImageId.parse("debian-12")).image().record().url())
                    .isEqualTo("20261120/debian/12/img.tar.lz4");
            Resolution stable = source.resolve(ImageId.parse("debian-13.0"));
            assertThat(stable.note()).isEqualTo("no release matches debian-13.0; it is the stable build at stable/debian/13");
            assertThatThrownBy(() -> source.resolve(ImageId.parse("debian-14")))
                    .isInstanceOf(NoMatchingImageException.class)
                    .hasMessage("no image matches debian-14 in " + base + ": newest debian is debian-12.0.20261120");
        }
        assertThat(requests).filteredOn(r -> r.startsWith("?list-type=2")).hasSize(3); // 503, page 1, page 2
        assertThat(requests).contains("api/v1/images?os=osimg-probe");
    }
}
