package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osimg.install.ImageResolver;
import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.ImageServer;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code osimg resolve} and {@code osimg list} against a store directory, a server URL and a JSON catalog file. */
class CatalogCommandsTest {

    static final List<String> DIRS = List.of("20261001/debian/12", "20261120/debian/12", "20261001/ubuntu/24.04",
            "20261120/ubuntu/24.04", "20261120/ubuntu/20.04", "20200601/ubuntu/19.04", "20200501/ubuntu-small/19.04",
            "20260101/firewall/2.0", "20260201/firewall/2.1", "20260301/firewall/3.0", "stable/debian/14",
            "20261120/debian/twelve");

    @TempDir
    static Path base;
    static Path store;
    static Path json;
    static ImageServer server;
    static String url;

    @BeforeAll
    static void setUp() throws Exception {
        store = base.resolve("images");
        for (String dir : DIRS) {
            Path d = Files.createDirectories(store.resolve(dir));
            byte[] bytes = dir.getBytes(StandardCharsets.UTF_8);
            Files.write(d.resolve("img.tar.lz4"), bytes);
            Files.writeString(d.resolve("img.tar.lz4.md5"),
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "  img.tar.lz4\n");
        }
        json = Files.writeString(base.resolve("metal-api-images.json"), """
                [{"id":"ubuntu-24.04.20261120","url":"http://example.org/20261120/ubuntu/24.04/img.tar.lz4",
                  "features":["machine"],"classification":"supported"},
                 {"id":"ubuntu-24.04.20261001","url":"http://example.org/20261001/ubuntu/24.04/img.tar.lz4",
                  "features":["machine"],"classification":"deprecated"},
                 {"id":"ubuntu-small-19.04.20200501","url":"http://example.org/x","features":["machine"]},
                 {"id":"ubuntu-19.04.20200601","url":"http://example.org/y","features":["machine"]},
                 {"id":"firewall-2.0.20260101","url":"http://example.org/f1","features":["firewall"]},
                 {"id":"firewall-2.1.20260201","url":"http://example.org/f2","features":["firewall"]},
                 {"id":"debian-12.0.20261120","url":"http://example.org/d","features":["machine"]},
                 {"id":"debian-12.0.20261001","url":"http://example.org/d0","features":["machine"]},
                 {"id":"ubuntu-20.04.20261120","url":"http://example.org/u20","features":["machine"]},
                 {"id":"broken","url":"http://example.org/b"}]
                """);
        FsBlobStore blobs = new FsBlobStore(store);
        server = ImageServer.builder().store(blobs).listen(new InetSocketAddress("127.0.0.1", 0))
                .catalog(StoreCatalog.open(new BlobStoreView(blobs), null, s -> { })).start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void tearDown() {
        server.close();
    }

    private static List<String> catalogs() {
        return List.of(store.toString(), url, json.toString());
    }

    @Test
    void resolveFollowsContractSection3InEveryKindOfCatalog() {
        for (String c : catalogs()) {
            assertResolves(c, "ubuntu-24.04", "ubuntu-24.04.20261120");
            assertResolves(c, "debian-12", "debian-12.0.20261120");
            assertResolves(c, "debian-12.0.20261001", "debian-12.0.20261001"); // exact patch
            assertResolves(c, "ubuntu-20.04", "ubuntu-20.04.20261120");         // leading zero
            assertResolves(c, "ubuntu-20.4", "ubuntu-20.04.20261120");
            assertResolves(c, "ubuntu-small-19.04", "ubuntu-small-19.04.20200501"); // dashes in the OS
            assertResolves(c, "firewall-2", "firewall-2.0.20260101");         // a bare major is MAJOR.0.0
            assertResolves(c, "firewall-2.1", "firewall-2.1.20260201");
        }
    }

    /**
     * The examples of metal-api's {@code getMostRecentImageFor}: the tilde range of the whole parsed version.
     * The same answers from a store directory, a server's API and metal-api's JSON image list.
     */
    @Test
    void idsWithoutMinorSelectLikeMetalApiInEveryKindOfCatalog() throws Exception {
        Path dir = base.resolve("metal-api-examples");
        List<String> ids = new ArrayList<>();
        for (String d : List.of("20260101/firewall/2.0", "20260201/firewall/2.1", "20170401/ubuntu/17.04",
                "20171001/ubuntu/17.10", "20200101/zero/0.1", "20250101/zero/3.2")) {
            Path img = Files.createDirectories(dir.resolve(d));
            byte[] bytes = d.getBytes(StandardCharsets.UTF_8);
            Files.write(img.resolve("img.tar.lz4"), bytes);
            Files.writeString(img.resolve("img.tar.lz4.md5"),
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "  img.tar.lz4\n");
            String[] p = d.split("/");
            ids.add("{\"id\":\"" + p[1] + "-" + p[2] + "." + p[0] + "\",\"url\":\"http://example.org/" + d + "\"}");
        }
        Path list = Files.writeString(base.resolve("metal-api-examples.json"), "[" + String.join(",", ids) + "]");
        FsBlobStore blobs = new FsBlobStore(dir);
        try (ImageServer s = ImageServer.builder().store(blobs).listen(new InetSocketAddress("127.0.0.1", 0))
                .catalog(StoreCatalog.open(new BlobStoreView(blobs), null, x -> { })).start()) {
            for (String c : List.of(dir.toString(), "http://127.0.0.1:" + s.port(), list.toString())) {
                assertResolves(c, "firewall-2", "firewall-2.0.20260101");  // 2 = 2.0.0: ~2.0.0 is >=2.0.0 <2.1.0
                assertResolves(c, "firewall-2.1", "firewall-2.1.20260201");
                assertResolves(c, "ubuntu-17.10", "ubuntu-17.10.20171001");
                assertResolves(c, "zero-0", "zero-3.2.20250101");          // ~0.0.0 matches every version
                CliRun none = CliRun.of("resolve", "ubuntu-17", "--catalog", c); // ~17.0.0: neither 17.4 nor 17.10
                assertThat(none.exitCode()).as(c).isEqualTo(Main.NO_MATCH);
                assertThat(none.err()).as(c).contains("no image matches ubuntu-17");
            }
            try (Fetcher f = new Fetcher(TransferOptions.defaults())) {
                ImageResolver installer = new ImageResolver(f);
                for (String c : List.of(dir.toString(), "http://127.0.0.1:" + s.port())) {
                    assertThat(installer.resolve("firewall-2", c, List.of()).id()).as(c).isEqualTo("firewall-2.0.20260101");
                    assertThat(installer.resolve("zero-0", c, List.of()).id()).as(c).isEqualTo("zero-3.2.20250101");
                }
            }
        }
    }

    private static void assertResolves(String catalog, String id, String expected) {
        CliRun r = CliRun.of("resolve", id, "--catalog", catalog);
        assertThat(r.exitCode()).as(catalog + " " + id + ": " + r.err()).isZero();
        assertThat(r.out()).as(catalog + " " + id).isEqualTo(expected + "\n");
    }

    @Test
    void noMatchExitsThreeWithOneClearLine() {
        for (String c : catalogs()) {
            CliRun r = CliRun.of("resolve", "debian-13", "--catalog", c);
            assertThat(r.exitCode()).isEqualTo(Main.NO_MATCH);
            assertThat(r.err()).isEqualTo("osimg resolve: no image matches debian-13 in " + c
                    + ": newest debian is debian-12.0.20261120\n");
            CliRun exact = CliRun.of("resolve", "debian-12.0.20261002", "--catalog", c);
            assertThat(exact.exitCode()).isEqualTo(Main.NO_MATCH);
        }
        assertThat(CliRun.of("resolve", "debian-15", "--catalog", store.toString()).err())
                .contains("no image matches debian-15").contains("newest debian is debian-12.0.20261120");
        assertThat(CliRun.of("resolve", "plan9-4", "--catalog", store.toString()).err())
                .contains("no image matches plan9-4").contains("it has no release of plan9");
    }

    @Test
    void everyIdListPrintsResolvesAStableBuildByItsExactIdAsInstallDoes() {
        for (String c : List.of(store.toString(), url)) {
            CliRun list = CliRun.of("list", "--catalog", c);
            assertThat(list.out()).as(c).containsPattern("(?m)^debian-14\\.0 +stable ");
            CliRun r = CliRun.of("resolve", "debian-14.0", "--catalog", c); // only a stable build of debian 14
            assertThat(r.exitCode()).as(c).isZero();
            assertThat(r.out()).as(c).isEqualTo("debian-14.0\n");
            assertThat(r.err()).as(c).isEqualTo("osimg resolve: no release matches debian-14.0; it is the stable build at "
                    + "stable/debian/14\n");
            CliRun range = CliRun.of("resolve", "debian-14", "--catalog", c); // another ID: never a stable build
            assertThat(range.exitCode()).as(c).isEqualTo(Main.NO_MATCH);
        }
    }

    @Test
    void resolveAsJsonCarriesTheRecord() throws Exception {
        CliRun r = CliRun.of("resolve", "debian-12", "--catalog", url, "-o", "json");
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("url").asText()).isEqualTo(url + "/20261120/debian/12/img.tar.lz4");
        assertThat(n.get("key").asText()).isEqualTo("20261120/debian/12");
        CliRun local = CliRun.of("resolve", "debian-12", "--catalog", store.toString(), "-o", "json");
        assertThat(new ObjectMapper().readTree(local.out()).get("url").asText())
                .isEqualTo(store.toAbsolutePath() + "/20261120/debian/12/img.tar.lz4");
    }

    @Test
    void listFiltersAndAlignsTheTable() {
        for (String c : catalogs()) {
            CliRun r = CliRun.of("list", "--catalog", c, "--os", "ubuntu", "-o", "table");
            assertThat(r.exitCode()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines.stream().skip(1).map(l -> l.split(" +")[0]))
                    .containsExactly("ubuntu-19.04.20200601", "ubuntu-20.04.20261120", "ubuntu-24.04.20261001", "ubuntu-24.04.20261120");
            int channelColumn = lines.getFirst().indexOf("CHANNEL");
            assertThat(lines).allSatisfy(l -> assertThat(l.charAt(channelColumn - 1)).isEqualTo(' '));
            assertThat(lines).allSatisfy(l -> assertThat(l.charAt(channelColumn)).isNotEqualTo(' '));
        }
        CliRun fw = CliRun.of("list", "--catalog", url, "--feature", "firewall", "--version", "2", "-o", "json");
        assertThat(fw.out()).contains("firewall-2.0.20260101").doesNotContain("firewall-2.1").doesNotContain("firewall-3.0");
        CliRun supported = CliRun.of("list", "--catalog", json.toString(), "--classification", "supported", "-o", "yaml");
        assertThat(supported.out()).contains("id: ubuntu-24.04.20261120").doesNotContain("20261001");
        CliRun all = CliRun.of("list", "--catalog", store.toString());
        assertThat(all.out().lines()).hasSize(1 + DIRS.size() - 1); // header + images, debian/twelve skipped
        assertThat(all.out()).contains("stable/debian/14");
        CliRun none = CliRun.of("list", "--catalog", store.toString(), "--os", "plan9");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("osimg list: no image in " + store + " matches --os plan9\n");
    }

    @Test
    void theInstallersResolverGetsTheImageUrlFromTheApi() throws Exception {
        try (io.osimg.transfer.Fetcher f = new io.osimg.transfer.Fetcher(io.osimg.transfer.TransferOptions.defaults())) {
            io.osimg.install.ImageSource source = new io.osimg.install.ImageResolver(f).resolve("ubuntu-24.04", url, List.of());
            assertThat(source.id()).isEqualTo("ubuntu-24.04.20261120");
            assertThat(source.urls()).extracting(Object::toString).containsExactly(url + "/20261120/ubuntu/24.04/img.tar.lz4");
        }
    }

    @Test
    void badCatalogIsOneLine() throws IOException {
        CliRun r = CliRun.of("list", "--catalog", base.resolve("nope").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("neither an http(s) URL, a store directory nor a JSON file");
    }
}
