package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osimg.store.BlobInfo;
import io.osimg.store.s3.S3BlobStore;
import io.osimg.store.s3.S3ProxyServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osimg mirror --to s3://..} from an {@code osimg serve} of a directory store, and {@code osimg prune --store
 * s3://..}, against a real S3Proxy on 127.0.0.1. Every osimg runs in a child JVM with the S3 credentials in its
 * environment.
 */
class MirrorPruneS3IT {

    static final String NOW = "2026-06-01T00:00:00Z";
    static final List<String> FILES = List.of("img.tar.lz4", "img.tar.lz4.md5", "img.tar.lz4.sha512", "manifest.json");

    @TempDir
    Path base;
    S3ProxyServer s3;
    Path up;
    Process serve;
    String url;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        s3 = S3ProxyServer.start(base.resolve("s3"), "images");
        up = base.resolve("up");
        Random random = new Random(3);
        // debian: two expired, one current; ubuntu: both expired (the newer one is the newest of its OS)
        image(up, "m/20260101/debian/12", random, "2026-04-01T00:00:00Z");
        image(up, "m/20260301/debian/12", random, "2026-05-30T00:00:00Z");
        image(up, "m/20260501/debian/12", random, "2026-07-30T00:00:00Z");
        image(up, "m/20260201/ubuntu/24", random, "2026-05-02T00:00:00Z");
        image(up, "m/20260210/ubuntu/24", random, "2026-05-11T00:00:00Z");
        serve = osimg("serve", "--store", up.toString(), "--listen", "127.0.0.1:0", "--refresh", "0")
                .redirectError(base.resolve("serve.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as(Files.readString(base.resolve("serve.err"))).startsWith("osimg serve: listening on");
        Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(first);
        assertThat(m.find()).isTrue();
        url = m.group(1) + "/";
    }

    @AfterEach
    void stop() throws Exception {
        serve.destroy();
        serve.waitFor(30, TimeUnit.SECONDS);
        s3.close();
    }

    private static void image(Path root, String dir, Random random, String expires) throws Exception {
        byte[] img = new byte[20_000];
        random.nextBytes(img);
        Path d = Files.createDirectories(root.resolve(dir));
        Files.write(d.resolve("img.tar.lz4"), img);
        Files.writeString(d.resolve("img.tar.lz4.md5"), hex("MD5", img) + "  img.tar.lz4\n");
        Files.writeString(d.resolve("img.tar.lz4.sha512"), hex("SHA-512", img) + "  img.tar.lz4\n");
        String id = dir.replaceAll("^m/(\\d+)/(\\w+)/(\\d+)$", "$2-$3.0.$1");
        Files.writeString(d.resolve("manifest.json"), "{\"id\":\"" + id + "\",\"expirationDate\":\"" + expires + "\"}");
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    private ProcessBuilder osimg(String... args) {
        return OsimgProcess.withS3ProxyCredentials(args);
    }

    private Run run(String... args) throws Exception {
        return run(osimg(args));
    }

    private Run run(ProcessBuilder pb) throws Exception {
        Path out = Files.createTempFile(base, "out", ".txt");
        Path err = Files.createTempFile(base, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Run mirror(String to, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("mirror", "--from", url, "--to", to, "--s3-endpoint",
                s3.endpoint().toString(), "--now", NOW, "--grace", "365d", "-o", "json"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static byte[] read(S3BlobStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    private static List<String> keys(S3BlobStore store) throws IOException {
        return store.list("").stream().map(BlobInfo::key).toList();
    }

    private static List<String> keysOf(List<String> dirs) {
        return dirs.stream().sorted().flatMap(d -> FILES.stream().map(f -> d + "/" + f)).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    @Test
    void mirrorKeepOneIntoABucketVerifiedAndAnUpstreamFaultLeavesNoTrace() throws Exception {
        Run r = mirror("s3://images/keep1", "--keep", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> expected = List.of("m/20260210/ubuntu/24", "m/20260501/debian/12");
        assertThat(texts(new ObjectMapper().readTree(r.out()).get("fetched"))).containsExactlyInAnyOrderElementsOf(expected);
        try (S3BlobStore store = s3.store("s3://images/keep1", S3BlobStore.MIN_PART_SIZE, 1000)) {
            assertThat(keys(store)).containsExactlyElementsOf(keysOf(expected));
            for (String d : expected) {
                byte[] img = read(store, d + "/img.tar.lz4");
                assertThat(img).isEqualTo(Files.readAllBytes(up.resolve(d + "/img.tar.lz4")));
                assertThat(new String(read(store, d + "/img.tar.lz4.md5"), StandardCharsets.UTF_8))
                        .isEqualTo(hex("MD5", img) + "  img.tar.lz4\n");
                assertThat(new String(read(store, d + "/img.tar.lz4.sha512"), StandardCharsets.UTF_8))
                        .isEqualTo(hex("SHA-512", img) + "  img.tar.lz4\n");
                assertThat(read(store, d + "/manifest.json")).isEqualTo(Files.readAllBytes(up.resolve(d + "/manifest.json")));
            }
        }

        // one byte of the debian image flipped upstream (same size): that image fails, ubuntu still arrives
        Path img = up.resolve("m/20260501/debian/12/img.tar.lz4");
        byte[] bytes = Files.readAllBytes(img);
        bytes[777] ^= 0x40;
        Files.write(img, bytes);
        Run fault = mirror("s3://images/fault", "--keep", "1");
        assertThat(fault.exitCode()).as(fault.err()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(fault.out());
        assertThat(report.get("errors")).hasSize(1);
        assertThat(report.get("errors").get(0).get("directory").asText()).isEqualTo("m/20260501/debian/12");
        assertThat(report.get("errors").get(0).get("message").asText()).contains(hex("MD5", bytes));
        try (S3BlobStore store = s3.store("s3://images/fault", S3BlobStore.MIN_PART_SIZE, 1000)) {
            assertThat(keys(store)).containsExactlyElementsOf(keysOf(List.of("m/20260210/ubuntu/24")));
        }
    }

    @Test
    void pruneOnABucketDeletesExactlyTheExpiredUnusedNotNewestImages() throws Exception {
        Run r = mirror("s3://images/all", "--keep", "5");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> all = List.of("m/20260101/debian/12", "m/20260201/ubuntu/24", "m/20260210/ubuntu/24",
                "m/20260301/debian/12", "m/20260501/debian/12");
        Map<String, byte[]> before = new TreeMap<>();
        try (S3BlobStore store = s3.store("s3://images/all", S3BlobStore.MIN_PART_SIZE, 1000)) {
            assertThat(keys(store)).containsExactlyElementsOf(keysOf(all));
            for (String k : keys(store)) {
                before.put(k, read(store, k));
            }
        }
        Path inUse = Files.writeString(base.resolve("in-use.txt"), "debian-12.0.20260101\n");
        Run dry = run("prune", "--store", "s3://images/all", "--s3-endpoint", s3.endpoint().toString(),
                "--in-use", inUse.toString(), "--now", NOW, "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("dry run: would delete 2, kept 3");

        Run prune = run("prune", "--store", "s3://images/all", "--s3-endpoint", s3.endpoint().toString(),
                "--in-use", inUse.toString(), "--now", NOW, "-o", "json");
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(prune.out());
        assertThat(texts(result.get("deleted"))).containsExactly("m/20260201/ubuntu/24", "m/20260301/debian/12");
        Map<String, String> reasons = new TreeMap<>();
        result.get("decisions").forEach(d -> reasons.put(d.get("directory").asText(), d.get("reason").asText()));
        assertThat(reasons).containsEntry("m/20260101/debian/12", "in_use").containsEntry("m/20260210/ubuntu/24", "newest")
                .containsEntry("m/20260501/debian/12", "not_expired");

        List<String> kept = List.of("m/20260101/debian/12", "m/20260210/ubuntu/24", "m/20260501/debian/12");
        try (S3BlobStore store = s3.store("s3://images/all", S3BlobStore.MIN_PART_SIZE, 1000)) {
            assertThat(keys(store)).containsExactlyElementsOf(keysOf(kept));
            for (String k : keys(store)) {
                assertThat(read(store, k)).as(k).isEqualTo(before.get(k));
            }
        }
    }

    @Test
    void storeOptionsAreCheckedAgainstTheTarget() throws Exception {
        Run workDirOnADirectory = run("mirror", "--from", url, "--to", base.resolve("local").toString(),
                "--work-dir", base.resolve("work").toString());
        assertThat(workDirOnADirectory.exitCode()).isEqualTo(2);
        assertThat(workDirOnADirectory.err()).contains("--work-dir only goes with an s3:// target");
        Run endpointOnADirectory = run("prune", "--store", up.toString(), "--s3-endpoint", s3.endpoint().toString());
        assertThat(endpointOnADirectory.exitCode()).isEqualTo(2);
        assertThat(endpointOnADirectory.err()).contains("--s3-endpoint only goes with an s3:// store");
        Run regionOnADirectory = run("prune", "--store", up.toString(), "--s3-region", "eu-central-1");
        assertThat(regionOnADirectory.exitCode()).isEqualTo(2);
        assertThat(regionOnADirectory.err()).contains("--s3-region only goes with an s3:// store");
        Run noEndpointNoRegion = run("prune", "--store", "s3://images/all"); // AWS then, for which no region is known
        assertThat(noEndpointNoRegion.exitCode()).isEqualTo(2);
        assertThat(noEndpointNoRegion.err()).contains("no AWS region for s3://images/all", "--s3-region", "--s3-endpoint");
        ProcessBuilder noCredentials = osimg("prune", "--store", "s3://images/all", "--s3-endpoint", s3.endpoint().toString());
        noCredentials.environment().remove("AWS_ACCESS_KEY_ID");
        noCredentials.environment().remove("AWS_SECRET_ACCESS_KEY");
        Run anonymous = run(noCredentials); // the SDK's whole chain is tried: environment, profiles, ..., instance (off)
        assertThat(anonymous.exitCode()).isEqualTo(1);
        assertThat(anonymous.err()).contains("listing prefix '' in s3://images/all at " + s3.endpoint(),
                "no AWS credentials found", "AWS_ACCESS_KEY_ID");
    }
}
