package io.osimg.store.http;

import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.catalog.StoreFixture;
import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, item 8: image URLs in the JSON API come from {@code --public-url} or the listen address, never from the
 * request's {@code Host} header, so a shared cache cannot be poisoned into pointing installers at another server.
 */
class HostHeaderTest {

    private static final List<String> API = List.of("/api/v1/images", "/api/v1/images?os=debian",
            "/api/v1/images/debian-12/latest", "/api/v1/images/debian-12.0.20261120");

    @TempDir
    Path base;
    ImageServer server;

    private ImageServer start(String listenHost, String publicUrl) throws IOException {
        FsBlobStore store = new FsBlobStore(StoreFixture.contractStore(base.resolve("store")));
        server = ImageServer.builder().store(store).listen(new InetSocketAddress(listenHost, 0)).publicUrl(publicUrl)
                .catalog(StoreCatalog.open(new BlobStoreView(store), null, s -> { })).start();
        return server;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String get(String path, String host) throws IOException {
        String response = RawHttp.exchange(server.port(), "GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(response)).as(path + ": " + response).isEqualTo(200);
        return response;
    }

    @Test
    void theHostHeaderNeverReachesAnImageUrl() throws Exception {
        start("127.0.0.1", null);
        String own = "http://127.0.0.1:" + server.port() + "/";
        for (String path : API) {
            String response = get(path, "evil.example:666");
            assertThat(response).as(path).doesNotContain("evil.example").contains("\"url\":\"" + own);
            assertThat(response).as(path).isEqualTo(get(path, "127.0.0.1:" + server.port()));
        }
        assertThat(get("/api/v1/images/debian-12/latest", "evil.example:666"))
                .contains("\"url\":\"" + own + "20261120/debian/12/img.tar.lz4\"");
    }

    @Test
    void thePublicUrlWinsAndAServerOnEveryAddressAnswersRelativeUrls() throws Exception {
        start("127.0.0.1", "https://127.0.0.2:8443/metal/");
        assertThat(get("/api/v1/images/debian-12/latest", "evil.example:666"))
                .doesNotContain("evil.example").contains("\"url\":\"https://127.0.0.2:8443/metal/20261120/debian/12/img.tar.lz4\"");
        server.close();

        start("0.0.0.0", null); // no one address to name: URLs relative to the API's own URL, as installers resolve them
        for (String path : API) {
            assertThat(get(path, "evil.example:666")).as(path).doesNotContain("evil.example").doesNotContain("\"url\":\"http");
        }
        assertThat(get("/api/v1/images/debian-12/latest", "evil.example:666"))
                .contains("\"url\":\"20261120/debian/12/img.tar.lz4\"");
    }
}
