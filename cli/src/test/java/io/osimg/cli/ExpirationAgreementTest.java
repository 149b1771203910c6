package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.ImageServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One expiration rule ({@code core.image.ImageLifetime}): the server's API, {@code osimg list} on a directory and
 * on the server, the mirror's plan and prune's give every image the same expiration and agree about which are expired.
 */
class ExpirationAgreementTest {

    private static final String NOW = "2026-12-02T00:00:00Z";
    /** When the store was copied: the file time of every image without manifest. */
    private static final FileTime COPIED = FileTime.from(Instant.parse("2026-12-01T10:00:00Z"));

    @TempDir
    Path base;

    private static void image(Path root, String dir, String manifest) throws Exception {
        Path d = Files.createDirectories(root.resolve(dir));
        byte[] img = dir.getBytes(StandardCharsets.UTF_8);
        Files.write(d.resolve("img.tar.lz4"), img);
        Files.writeString(d.resolve("img.tar.lz4.md5"),
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(img)) + "  img.tar.lz4\n");
        if (manifest != null) {
            Files.writeString(d.resolve("manifest.json"), manifest);
        }
        Files.setLastModifiedTime(d.resolve("img.tar.lz4"), COPIED);
        Files.setLastModifiedTime(d.resolve("img.tar.lz4.md5"), COPIED);
    }

    private static Map<String, String> expirations(String listJson) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode n : new ObjectMapper().readTree(listJson)) {
            m.put(n.get("id").asText(), n.get("expirationDate").asText());
        }
        return m;
    }

    @Test
    void theApiListAndMirrorGiveEveryImageTheSameExpiration() throws Exception {
        Path up = base.resolve("up");
        image(up, "m/20260115/debian/12", null);                                  // released in January, no manifest
        image(up, "m/20261101/debian/12", null);
        image(up, "m/20260120/ubuntu/24.04", "{\"id\":\"ubuntu-24.04.20260120\",\"created\":\"2026-11-20T00:00:00Z\"}");
        image(up, "m/20260110/ubuntu/22.04", "{\"id\":\"ubuntu-22.04.20260110\",\"expirationDate\":\"2027-01-01T00:00:00Z\"}");
        Map<String, String> expected = Map.of(
                "debian-12.0.20260115", "2026-04-15T00:00:00Z",   // release date + 90 days, not file time + 90
                "debian-12.0.20261101", "2027-01-30T00:00:00Z",
                "ubuntu-24.04.20260120", "2027-02-18T00:00:00Z",  // the manifest's created + 90 days
                "ubuntu-22.04.20260110", "2027-01-01T00:00:00Z"); // the manifest's date
        try (FsBlobStore store = new FsBlobStore(up);
             ImageServer server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0))
                     .catalog(StoreCatalog.open(new BlobStoreView(store), null, s -> { })).start()) {
            String url = "http://127.0.0.1:" + server.port();
            for (String catalog : List.of(url, up.toString())) {
                CliRun list = CliRun.of("list", "--catalog", catalog, "-o", "json");
                assertThat(list.exitCode()).as(list.err()).isZero();
                assertThat(expirations(list.out())).as(catalog).isEqualTo(expected);
            }
            CliRun table = CliRun.of("list", "--catalog", url, "--os", "debian");
            assertThat(table.out().lines().filter(l -> l.startsWith("debian-12.0.20260115")))
                    .singleElement().asString().contains("2026-01-15").contains("2026-04-15"); // created, expires

            CliRun dry = CliRun.of("mirror", "--from", url + "/", "--to", base.resolve("local").toString(),
                    "--grace", "0d", "--now", NOW, "--dry-run", "-o", "json");
            assertThat(dry.exitCode()).as(dry.err()).isZero();
            JsonNode plan = new ObjectMapper().readTree(dry.out());
            Map<String, String> expiredByMirror = new TreeMap<>();
            for (JsonNode s : plan.get("skipped")) {
                if (s.get("reason").asText().equals("expired")) {
                    expiredByMirror.put(s.get("id").asText(), s.get("detail").asText());
                }
            }
            assertThat(expiredByMirror).containsOnlyKeys("debian-12.0.20260115");
            assertThat(expiredByMirror.get("debian-12.0.20260115")).startsWith("expired 2026-04-15T00:00:00Z");
            assertThat(plan.get("toFetch")).extracting(JsonNode::asText).containsExactly(
                    "m/20260110/ubuntu/22.04", "m/20260120/ubuntu/24.04", "m/20261101/debian/12");
            Instant now = Instant.parse(NOW);
            expected.forEach((id, expires) -> assertThat(expiredByMirror.containsKey(id))
                    .as(id).isEqualTo(!Instant.parse(expires).isAfter(now)));
        }
        CliRun prune = CliRun.of("prune", "--store", up.toString(), "--now", NOW, "--dry-run", "-o", "json");
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        Map<String, String> byPrune = new TreeMap<>();
        for (JsonNode d : new ObjectMapper().readTree(prune.out()).get("decisions")) {
            byPrune.put(d.get("id").asText(), d.get("expiration").asText());
        }
        assertThat(byPrune).isEqualTo(expected);
    }
}
