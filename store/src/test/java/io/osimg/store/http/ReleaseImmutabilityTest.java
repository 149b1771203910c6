package io.osimg.store.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.json.Mappers;
import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.catalog.StoreFixture;
import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 9, item 3: a published release is never overwritten; writes go only through upload sessions. */
class ReleaseImmutabilityTest {

    private static final String TOKEN = "immutability-token";
    private static final String AUTH = "Bearer " + TOKEN;

    @TempDir
    Path base;
    Path root;
    ImageServer server;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        root = StoreFixture.contractStore(base.resolve("store"));
        FsBlobStore store = new FsBlobStore(root);
        server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0))
                .catalog(StoreCatalog.open(new BlobStoreView(store), null, s -> { }))
                .uploadToken(UploadToken.of(TOKEN)).start();
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    @Test
    void aPutOutsideASessionIsRefusedAndTheReleaseStillVerifies() throws Exception {
        byte[] before = Files.readAllBytes(root.resolve("20261120/debian/12/img.tar.lz4"));
        byte[] beforeMd5 = Files.readAllBytes(root.resolve("20261120/debian/12/img.tar.lz4.md5"));
        byte[] evil = "evil image".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> image = send("PUT", "/20261120/debian/12/img.tar.lz4", evil,
                "Authorization", AUTH, "X-Checksum-Md5", StoreFixture.md5(evil));
        assertThat(image.statusCode()).as(image.body()).isEqualTo(405);
        assertThat(image.headers().firstValue("allow")).contains("GET, HEAD");
        JsonNode error = Mappers.json().readTree(image.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("session_required");
        assertThat(error.get("message").asText()).contains("/api/v1/uploads").contains("20261120/debian/12/img.tar.lz4");

        HttpResponse<String> md5 = send("PUT", "/20261120/debian/12/img.tar.lz4.md5",
                (StoreFixture.md5(evil) + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8), "Authorization", AUTH);
        assertThat(md5.statusCode()).as(md5.body()).isEqualTo(405);
        assertThat(send("PUT", "/new/file.txt", evil, "Authorization", AUTH).statusCode()).isEqualTo(405);

        assertThat(Files.readAllBytes(root.resolve("20261120/debian/12/img.tar.lz4"))).isEqualTo(before);
        assertThat(Files.readAllBytes(root.resolve("20261120/debian/12/img.tar.lz4.md5"))).isEqualTo(beforeMd5);
        assertThat(Files.exists(root.resolve("new"))).isFalse();
        assertThat(new String(beforeMd5, StandardCharsets.UTF_8)).startsWith(StoreFixture.md5(before));
    }

    @Test
    void aSessionNeverWritesIntoAnExistingReleaseDirectory() throws Exception {
        HttpResponse<String> open = send("POST", "/api/v1/uploads?directory=20261120/debian/12", null, "Authorization", AUTH);
        assertThat(open.statusCode()).as(open.body()).isEqualTo(409);
        assertThat(open.body()).contains("\"code\":\"conflict\"").contains("20261120/debian/12").contains("immutable");

        // a release directory holding any file (here only packages.txt) exists: no session fills it up
        new FsBlobStore(root).put("20261130/debian/12/packages.txt", new ByteArrayInputStream("ii x\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(send("POST", "/api/v1/uploads?directory=20261130/debian/12", null, "Authorization", AUTH).statusCode())
                .isEqualTo(409);
        assertThat(Files.exists(root.resolve("20261130/debian/12/img.tar.lz4"))).isFalse();

        // two sessions race for one new release: the first commit wins, the second is refused and changes nothing
        String first = openSession("20261210/debian/13");
        String second = openSession("20261210/debian/13");
        upload("20261210/debian/13", first, "first image");
        upload("20261210/debian/13", second, "second image");
        assertThat(commit(first).statusCode()).isEqualTo(200);
        HttpResponse<String> late = commit(second);
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(late.body()).contains("releases are immutable");
        assertThat(Files.readString(root.resolve("20261210/debian/13/img.tar.lz4"))).isEqualTo("first image");
        assertThat(Files.readString(root.resolve("20261210/debian/13/img.tar.lz4.md5")))
                .startsWith(StoreFixture.md5("first image".getBytes(StandardCharsets.UTF_8)));

        // stable images are replaced whole through a session
        String stable = openSession("stable/debian/12");
        upload("stable/debian/12", stable, "new stable");
        assertThat(commit(stable).statusCode()).isEqualTo(200);
        assertThat(Files.readString(root.resolve("stable/debian/12/img.tar.lz4"))).isEqualTo("new stable");
    }

    private String openSession(String directory) throws Exception {
        HttpResponse<String> open = send("POST", "/api/v1/uploads?directory=" + directory, null, "Authorization", AUTH);
        assertThat(open.statusCode()).as(open.body()).isEqualTo(201);
        return Mappers.json().readTree(open.body()).get("id").asText();
    }

    private void upload(String directory, String id, String content) throws Exception {
        byte[] image = content.getBytes(StandardCharsets.UTF_8);
        String md5 = StoreFixture.md5(image);
        assertThat(send("PUT", "/" + directory + "/img.tar.lz4?upload=" + id, image, "Authorization", AUTH,
                "X-Checksum-Md5", md5).statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/" + directory + "/img.tar.lz4.md5?upload=" + id,
                (md5 + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8), "Authorization", AUTH).statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> commit(String id) throws Exception {
        return send("POST", "/api/v1/uploads/" + id + "/commit", null, "Authorization", AUTH);
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String... headers) throws Exception {
        return ServerRequests.send(http, server.port(), method, path, body, headers);
    }
}
