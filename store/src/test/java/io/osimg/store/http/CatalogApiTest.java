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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON catalog API and upload sessions against a real server on 127.0.0.1. */
class CatalogApiTest {

    private static final String TOKEN = "api-test-token";

    @TempDir
    Path base;
    FsBlobStore store;
    ImageServer server;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        StoreFixture.contractStore(base.resolve("store"));
        store = new FsBlobStore(base.resolve("store"));
        server = start(null);
    }

    private ImageServer start(String publicUrl) throws IOException {
        StoreCatalog catalog = StoreCatalog.open(new BlobStoreView(store), null, s -> { });
        return ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0)).catalog(catalog)
                .publicUrl(publicUrl).uploadToken(UploadToken.of(TOKEN)).start();
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String... headers) throws Exception {
        return ServerRequests.send(http, server.port(), method, path, body, headers);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        return Mappers.json().readTree(r.body());
    }

    private String latestId(String id) throws Exception {
        HttpResponse<String> r = get("/api/v1/images/" + id + "/latest");
        return r.statusCode() == 404 ? "404" : Mappers.json().readTree(r.body()).get("id").asText();
    }

    @Test
    void latestFollowsEveryRuleOfContractSection3() throws Exception {
        assertThat(latestId("debian-12")).isEqualTo("debian-12.0.20261120");
        assertThat(latestId("debian-12.0.20261001")).isEqualTo("debian-12.0.20261001");
        assertThat(latestId("debian-12.0.20261002")).isEqualTo("404");
        assertThat(latestId("ubuntu-24.04")).isEqualTo("ubuntu-24.04.20261120");
        assertThat(latestId("ubuntu-20.04")).isEqualTo("ubuntu-20.04.20261120");
        assertThat(latestId("ubuntu-20.4")).isEqualTo("ubuntu-20.04.20261120");
        assertThat(latestId("ubuntu-small-19.04")).isEqualTo("ubuntu-small-19.04.20200501");
        assertThat(latestId("firewall-2")).isEqualTo("firewall-2.0.20260101"); // a bare major is MAJOR.0.0
        assertThat(latestId("firewall-2.1")).isEqualTo("firewall-2.1.20260201");
        assertThat(latestId("ubuntu-24")).isEqualTo("404");                   // ~24.0.0 misses 24.4.x
        assertThat(latestId("firewall-0")).isEqualTo("firewall-3.0.20260301"); // ~0.0.0: every version
        assertThat(latestId("firewall-ubuntu-3.0")).isEqualTo("firewall-ubuntu-3.0.20260201");
        assertThat(latestId("debian-14")).isEqualTo("404"); // stable builds are not resolved, only reached exactly
    }

    @Test
    void latestCarriesTheFieldsTheInstallerReads() throws Exception {
        JsonNode r = json("/api/v1/images/debian-12/latest");
        String url = "http://127.0.0.1:" + server.port() + "/20261120/debian/12/img.tar.lz4";
        assertThat(r.get("url").asText()).isEqualTo(url);
        assertThat(r.get("os").asText()).isEqualTo("debian");
        assertThat(r.get("version").asText()).isEqualTo("12.0.20261120");
        assertThat(r.get("channel").asText()).isEqualTo("release");
        assertThat(r.get("key").asText()).isEqualTo("20261120/debian/12");
        assertThat(r.get("size").asLong()).isEqualTo("image 20261120/debian/12".length());
        assertThat(r.get("signed").asBoolean(true)).isFalse();
        assertThat(r.get("keyIds")).isEmpty();
        assertThat(r.get("digests").get("md5").asText())
                .isEqualTo(StoreFixture.md5("image 20261120/debian/12".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.get("classification").asText()).isEqualTo("preview");
        assertThat(r.get("features").get(0).asText()).isEqualTo("machine");
        assertThat(r.get("expirationDate").asText()).isNotEmpty();
        // the URL serves the image
        assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("image 20261120/debian/12");
    }

    @Test
    void noMatchIs404WithAJsonErrorNamingTheNewest() throws Exception {
        HttpResponse<String> r = get("/api/v1/images/debian-13/latest");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode e = Mappers.json().readTree(r.body()).get("error");
        assertThat(e.get("code").asText()).isEqualTo("not_found");
        assertThat(e.get("message").asText()).isEqualTo("no image matches debian-13: newest debian is debian-12.0.20261120");
        HttpResponse<String> exact = get("/api/v1/images/debian-12.0.20991231");
        assertThat(exact.statusCode()).isEqualTo(404);
        assertThat(exact.body()).contains("\"not_found\"", "no image debian-12.0.20991231");
        assertThat(get("/api/v1/images/not-an-id!/latest").statusCode()).isEqualTo(400);
    }

    @Test
    void exactIdsReachStableAndPullRequestBuilds() throws Exception {
        assertThat(json("/api/v1/images/debian-14.0").get("key").asText()).isEqualTo("stable/debian/14");
        assertThat(json("/api/v1/images/debian-12.0").get("channel").asText()).isEqualTo("stable");
        assertThat(json("/api/v1/images/debian-12.0?channel=42-fix-dns").get("key").asText())
                .isEqualTo("pull_requests/42-fix-dns/debian/12");
        assertThat(json("/api/v1/images/debian-12.0.20261001").get("key").asText()).isEqualTo("20261001/debian/12");
    }

    @Test
    void aFilteredListIsOneResponsePerRequest() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/images?os=debian HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /api/v1/images?os=ubuntu HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String[] parts = all.split("HTTP/1\\.1 ");
            List<String> answers = List.of(parts).subList(1, parts.length);
            assertThat(answers).hasSize(2);
            assertThat(answers.get(0)).contains("debian-12.0.20261120").doesNotContain("ubuntu-");
            assertThat(answers.get(1)).contains("ubuntu-24.04.20261120").doesNotContain("debian-");
        }
    }

    @Test
    void listFilters() throws Exception {
        assertThat(ids(json("/api/v1/images?os=ubuntu&version=24.04")))
                .containsExactly("ubuntu-24.04.20261001", "ubuntu-24.04.20261120");
        assertThat(ids(json("/api/v1/images?classification=supported"))).containsExactly("firewall-3.0.20260301");
        assertThat(ids(json("/api/v1/images?feature=firewall&version=2"))).containsExactly("firewall-2.0.20260101");
        assertThat(json("/api/v1/images")).hasSize(StoreFixture.DIRS.length);
        assertThat(get("/api/v1/images?version=x.y").statusCode()).isEqualTo(400);
    }

    @Test
    void packagesAreServedAsText() throws Exception {
        HttpResponse<String> r = get("/api/v1/images/debian-12.0.20261120/packages");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("text/plain; charset=utf-8");
        assertThat(r.body()).isEqualTo("ii  bash  5.2  amd64  GNU Bourne Again SHell\n");
        assertThat(get("/api/v1/images/debian-12.0.20261001/packages").statusCode()).isEqualTo(404);
    }

    @Test
    void theSbomIsLinkedFromTheImageEntryAndServed() throws Exception {
        String sbom = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}\n";
        server.close();
        Files.writeString(base.resolve("store/20261120/debian/12/sbom.cdx.json"), sbom);
        server = start("https://example.org/metal-os/");
        assertThat(json("/api/v1/images/debian-12/latest").get("sbom").asText())
                .isEqualTo("https://example.org/metal-os/20261120/debian/12/sbom.cdx.json");
        assertThat(json("/api/v1/images/debian-12.0.20261001").has("sbom")).isFalse();
        HttpResponse<String> r = get("/api/v1/images/debian-12.0.20261120/sbom");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/vnd.cyclonedx+json");
        assertThat(r.body()).isEqualTo(sbom);
        HttpResponse<String> object = get("/20261120/debian/12/sbom.cdx.json");
        assertThat(object.statusCode()).isEqualTo(200);
        assertThat(object.body()).isEqualTo(sbom);
        HttpResponse<String> none = get("/api/v1/images/debian-12.0.20261001/sbom");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("has no sbom.cdx.json");
    }

    @Test
    void publicUrlOverridesTheHostHeaderAndMetricsCountTheCatalog() throws Exception {
        server.close();
        server = start("https://example.org/metal-os/");
        assertThat(json("/api/v1/images/debian-12/latest").get("url").asText())
                .isEqualTo("https://example.org/metal-os/20261120/debian/12/img.tar.lz4");
        assertThat(get("/metrics").body()).contains("osimg_catalog_images " + (double) StoreFixture.DIRS.length);
    }

    @Test
    void uploadSessionPublishesTheImageOnlyAtCommit() throws Exception {
        byte[] image = "a new image".getBytes(StandardCharsets.UTF_8);
        String md5 = StoreFixture.md5(image);
        String auth = "Bearer " + TOKEN;
        HttpResponse<String> open = send("POST", "/api/v1/uploads?directory=20261201/debian/13", null, "Authorization", auth);
        assertThat(open.statusCode()).as(open.body()).isEqualTo(201);
        String id = Mappers.json().readTree(open.body()).get("id").asText();

        HttpResponse<String> put = send("PUT", "/20261201/debian/13/img.tar.lz4?upload=" + id, image,
                "Authorization", auth, "X-Checksum-Md5", md5);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(put.body()).contains("\"staged\":true");
        assertThat(get("/20261201/debian/13/img.tar.lz4").statusCode()).isEqualTo(404); // not yet visible

        assertThat(ids(json("/api/v1/images"))).doesNotContain("debian-13.0.20261201");
        HttpResponse<String> early = send("POST", "/api/v1/uploads/" + id + "/commit", null, "Authorization", auth);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.body()).contains("\"incomplete\"", "img.tar.lz4.md5 was not uploaded");

        assertThat(send("PUT", "/20261201/debian/13/img.tar.lz4.md5?upload=" + id,
                (md5 + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8), "Authorization", auth).statusCode()).isEqualTo(201);
        HttpResponse<String> commit = send("POST", "/api/v1/uploads/" + id + "/commit", null, "Authorization", auth);
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
        assertThat(get("/20261201/debian/13/img.tar.lz4").body()).isEqualTo("a new image");
        assertThat(latestId("debian-13")).isEqualTo("debian-13.0.20261201"); // catalog rescanned after the commit
        assertThat(ids(json("/api/v1/images"))).contains("debian-13.0.20261201");
        assertThat(get("/?list-type=2&prefix=20261201/").body()).contains("<Key>20261201/debian/13/img.tar.lz4</Key>");

        // a release is immutable (ReleaseImmutabilityTest has the rest)
        HttpResponse<String> conflict = send("POST", "/api/v1/uploads?directory=20261201/debian/13", null, "Authorization", auth);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).contains("releases are immutable");
        assertThat(get("/20261201/debian/13/img.tar.lz4").body()).isEqualTo("a new image");
    }

    @Test
    void aChecksumFileThatDoesNotMatchTheImageFailsTheCommit() throws Exception {
        byte[] image = "an image".getBytes(StandardCharsets.UTF_8);
        String auth = "Bearer " + TOKEN;
        for (String file : List.of("img.tar.lz4.md5", "img.tar.lz4.sha512")) {
            String id = Mappers.json().readTree(send("POST", "/api/v1/uploads?directory=20261202/debian/13", null,
                    "Authorization", auth).body()).get("id").asText();
            assertThat(send("PUT", "/20261202/debian/13/img.tar.lz4?upload=" + id, image, "Authorization", auth,
                    "X-Checksum-Md5", StoreFixture.md5(image)).statusCode()).isEqualTo(201);
            String md5 = file.endsWith(".md5") ? "0".repeat(32) : StoreFixture.md5(image);
            send("PUT", "/20261202/debian/13/img.tar.lz4.md5?upload=" + id,
                    (md5 + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8), "Authorization", auth);
            if (file.endsWith(".sha512")) {
                send("PUT", "/20261202/debian/13/img.tar.lz4.sha512?upload=" + id,
                        ("f".repeat(128) + "  img.tar.lz4\n").getBytes(StandardCharsets.UTF_8), "Authorization", auth);
            }
            HttpResponse<String> commit = send("POST", "/api/v1/uploads/" + id + "/commit", null, "Authorization", auth);
            assertThat(commit.statusCode()).as(commit.body()).isEqualTo(422);
            assertThat(commit.body()).contains(file).contains(file.endsWith(".md5") ? "0".repeat(32) : "f".repeat(128));
            assertThat(get("/20261202/debian/13/img.tar.lz4").statusCode()).isEqualTo(404);
            assertThat(send("POST", "/api/v1/uploads/" + id + "/commit", null, "Authorization", auth).statusCode())
                    .as("the session is gone").isEqualTo(404);
        }
        try (var staged = Files.list(store.stagingDirectory())) {
            assertThat(staged.toList()).isEmpty();
        }
    }

    @Test
    void sessionsNeedTheTokenAndADigestMismatchDiscardsTheSession() throws Exception {
        assertThat(send("POST", "/api/v1/uploads?directory=stable/debian/13", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/uploads?directory=stable/debian/13", null, "Authorization", "Bearer wrong")
                .statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/uploads?directory=debian/13", null, "Authorization", "Bearer " + TOKEN)
                .statusCode()).isEqualTo(400);
        String id = Mappers.json().readTree(send("POST", "/api/v1/uploads?directory=stable/debian/13", null,
                "Authorization", "Bearer " + TOKEN).body()).get("id").asText();
        HttpResponse<String> bad = send("PUT", "/stable/debian/13/img.tar.lz4?upload=" + id,
                "bytes".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + TOKEN, "X-Checksum-Md5", "0".repeat(32));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(send("POST", "/api/v1/uploads/" + id + "/commit", null, "Authorization", "Bearer " + TOKEN)
                .statusCode()).isEqualTo(404);
        try (var staged = Files.list(store.stagingDirectory())) {
            assertThat(staged.toList()).isEmpty();
        }
        assertThat(get("/stable/debian/13/img.tar.lz4").statusCode()).isEqualTo(404);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }
}
