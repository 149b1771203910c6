package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osimg.install.ImageResolver;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One catalog (issue 10): the same store read as a directory, through {@code osimg serve} (a child process on
 * 127.0.0.1), through an S3 listing (a real S3Proxy serving the same files to anonymous requests) and as a JSON
 * export ({@code osimg list -o json} written to a file) gives the same {@code list}, the same {@code resolve} for
 * every listed ID (and the installer's resolver agrees), the same expiration for every image; {@code mirror
 * --dry-run} from the server and from the bucket agrees with the API about which images are expired.
 */
class CatalogAgreementIT {

    private static final String NOW = "2026-12-02T00:00:00Z";
    private static final FileTime COPIED = FileTime.from(Instant.parse("2026-11-30T10:00:00Z"));

    @TempDir
    Path base;
    Path store;
    Process serve;
    Process s3proxy;
    String serverUrl;
    String bucketUrl;

    private static void image(Path root, String dir, String manifest) throws Exception {
        Path d = Files.createDirectories(root.resolve(dir));
        byte[] img = dir.getBytes(StandardCharsets.UTF_8);
        Files.write(d.resolve("img.tar.lz4"), img);
        Files.writeString(d.resolve("img.tar.lz4.md5"),
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(img)) + "  img.tar.lz4\n");
        if (manifest != null) {
            Files.writeString(d.resolve("manifest.json"), manifest);
        }
        try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, COPIED);
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        store = base.resolve("store");
        image(store, "20260115/debian/12", null);                    // no manifest: expires 90 days after release: expired
        image(store, "20261101/debian/12", null);                    // no manifest: valid
        image(store, "stable/debian/12", null);                      // stable beside releases: debian-12.0 is a range
        image(store, "stable/debian/13", null);                      // only a stable build: found by its exact ID
        image(store, "pull_requests/7-fix/debian/13", null);         // same ID as the stable build: stable wins
        image(store, "20260120/ubuntu/24.04",
                "{\"id\":\"ubuntu-24.04.20260120\",\"created\":\"2026-11-20T00:00:00Z\",\"classification\":\"supported\"}");
        image(store, "20260110/ubuntu/22.04",
                "{\"id\":\"ubuntu-22.04.20260110\",\"expirationDate\":\"2026-06-01T00:00:00Z\"}"); // expired
        image(store, "20260301/firewall/3.0",
                "{\"id\":\"firewall-3.0.20260301\",\"expirationDate\":\"2027-03-01T00:00:00Z\",\"features\":[\"firewall\"]}");
        Files.createDirectories(store.resolve("20261120/debian/twelve"));                // not a layout key: no image
        Files.writeString(store.resolve("20261120/debian/twelve/img.tar.lz4"), "x");

        serve = OsimgProcess.of("serve", "--store", store.toString(), "--listen", "127.0.0.1:0", "--refresh", "0")
                .redirectError(base.resolve("serve.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as(Files.readString(base.resolve("serve.err"))).startsWith("osimg serve: listening on");
        Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(first);
        assertThat(m.find()).isTrue();
        serverUrl = m.group(1);
        bucketUrl = startPublicS3Proxy(copyTimes(store, base.resolve("s3/data/images"))) + "/images";
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : new Process[] {serve, s3proxy}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Copies the store into S3Proxy's filesystem bucket, file times kept (S3Proxy lists them as LastModified). */
    private static Path copyTimes(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to.getParent();
    }

    /** S3Proxy (filesystem provider) without authorization: a public bucket, read by anonymous GETs. */
    private String startPublicS3Proxy(Path data) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path properties = Files.writeString(base.resolve("s3/s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=none",
                "jclouds.provider=filesystem", "jclouds.filesystem.basedir=" + data,
                "jclouds.identity=unused", "jclouds.credential=unused", ""));
        Path log = base.resolve("s3/s3proxy.log");
        s3proxy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "org.gaul.s3proxy.Main",
                "--properties", properties.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(s3proxy.isAlive()).as(Files.readString(log)).isTrue();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return "http://127.0.0.1:" + port;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("S3Proxy did not listen within 60 s: " + Files.readString(log));
    }

    @Test
    void everyKindOfCatalogAgrees() throws Exception {
        CliRun exported = CliRun.of("list", "--catalog", store.toString(), "-o", "json");
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        Path export = Files.writeString(base.resolve("export.json"), exported.out());
        Map<String, String> catalogs = new LinkedHashMap<>();
        catalogs.put("directory", store.toString());
        catalogs.put("server", serverUrl);
        catalogs.put("bucket", bucketUrl);
        catalogs.put("export", export.toString());

        // the same list, column by column (ID, channel, classification, features, size, created, expires, key)
        CliRun reference = CliRun.of("list", "--catalog", store.toString());
        List<String> ids = reference.out().lines().skip(1).map(l -> l.substring(0, l.indexOf(' '))).toList();
        assertThat(ids).containsExactly("debian-12.0", "debian-12.0.20260115", "debian-12.0.20261101", "debian-13.0",
                "debian-13.0", "firewall-3.0.20260301", "ubuntu-22.04.20260110", "ubuntu-24.04.20260120");
        assertThat(reference.out().lines().filter(l -> l.startsWith("debian-12.0.20260115"))).singleElement()
                .asString().contains("2026-01-15").contains("2026-04-15"); // release date, + 90 days
        for (var c : catalogs.entrySet()) {
            CliRun list = CliRun.of("list", "--catalog", c.getValue());
            assertThat(list.exitCode()).as(c.getKey() + ": " + list.err()).isZero();
            assertThat(list.out()).as(c.getKey()).isEqualTo(reference.out());
        }

        // the same expiration for every image
        Map<String, String> expirations = expirations(CliRun.of("list", "--catalog", store.toString(), "-o", "json").out());
        assertThat(expirations).containsEntry("debian-12.0.20260115@20260115/debian/12", "2026-04-15T00:00:00Z")
                .containsEntry("debian-13.0@stable/debian/13", "2027-02-28T10:00:00Z")   // file time + 90 days
                .containsEntry("ubuntu-24.04.20260120@20260120/ubuntu/24.04", "2027-02-18T00:00:00Z")
                .containsEntry("ubuntu-22.04.20260110@20260110/ubuntu/22.04", "2026-06-01T00:00:00Z");
        for (var c : catalogs.entrySet()) {
            assertThat(expirations(CliRun.of("list", "--catalog", c.getValue(), "-o", "json").out())).as(c.getKey())
                    .isEqualTo(expirations);
        }

        // the same resolve for every listed ID (and a range, and a miss), and the installer's resolver agrees
        List<String> requests = new ArrayList<>(new TreeSet<>(ids));
        requests.addAll(List.of("debian-12", "ubuntu-24", "debian-14", "plan9-1"));
        try (Fetcher fetcher = new Fetcher(TransferOptions.defaults())) {
            for (String id : requests) {
                CliRun first = CliRun.of("resolve", id, "--catalog", store.toString());
                if (ids.contains(id)) {
                    assertThat(first.exitCode()).as(id + ": " + first.err()).isZero();
                }
                for (var c : catalogs.entrySet()) {
                    CliRun r = CliRun.of("resolve", id, "--catalog", c.getValue());
                    String what = c.getKey() + " " + id;
                    assertThat(r.exitCode()).as(what).isEqualTo(first.exitCode());
                    assertThat(r.out()).as(what).isEqualTo(first.out());
                    assertThat(r.err()).as(what).isEqualTo(first.err().replace(store.toString(), c.getValue()));
                    if (r.exitCode() == Main.OK) {
                        assertThat(new ImageResolver(fetcher).resolve(id, c.getValue(), List.of()).id()).as(what)
                                .isEqualTo(r.out().strip());
                    }
                }
            }
        }
        assertThat(CliRun.of("resolve", "debian-13.0", "--catalog", bucketUrl).err())
                .isEqualTo("osimg resolve: no release matches debian-13.0; it is the stable build at stable/debian/13\n");
        CliRun miss = CliRun.of("resolve", "debian-14", "--catalog", serverUrl);
        assertThat(miss.exitCode()).isEqualTo(Main.NO_MATCH);
        assertThat(miss.err()).isEqualTo("osimg resolve: no image matches debian-14 in " + serverUrl
                + ": newest debian is debian-12.0.20261101\n");

        // mirror --dry-run, from the server and from the bucket, agrees with the API about what is expired
        Instant now = Instant.parse(NOW);
        JsonNode api = new ObjectMapper().readTree(CliRun.of("list", "--catalog", serverUrl, "-o", "json").out());
        TreeSet<String> expiredByApi = new TreeSet<>();
        for (JsonNode n : api) {
            if (n.get("channel").asText().equals("release") && !Instant.parse(n.get("expirationDate").asText()).isAfter(now)) {
                expiredByApi.add(n.get("id").asText());
            }
        }
        assertThat(expiredByApi).containsExactly("debian-12.0.20260115", "ubuntu-22.04.20260110");
        for (String from : List.of(serverUrl + "/", bucketUrl + "/")) {
            CliRun dry = CliRun.of("mirror", "--from", from, "--to", base.resolve("local").toString(), "--keep", "10",
                    "--grace", "0d", "--now", NOW, "--dry-run", "-o", "json");
            assertThat(dry.exitCode()).as(from + ": " + dry.err()).isZero();
            TreeSet<String> expiredByMirror = new TreeSet<>();
            for (JsonNode s : new ObjectMapper().readTree(dry.out()).get("skipped")) {
                if (s.get("reason").asText().equals("expired")) {
                    expiredByMirror.add(s.get("id").asText());
                }
            }
            assertThat(expiredByMirror).as(from).isEqualTo(expiredByApi);
        }
    }

    /** {@code id@key -> expirationDate} of a JSON list. */
    private static Map<String, String> expirations(String listJson) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode n : new ObjectMapper().readTree(listJson)) {
            m.put(n.get("id").asText() + "@" + n.get("key").asText(), n.get("expirationDate").asText());
        }
        return m;
    }
}
