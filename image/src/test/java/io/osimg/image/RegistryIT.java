package io.osimg.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.archive.lz4.Lz4Options;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.store.Channel;
import io.osimg.image.source.ImageSource;
import io.osimg.image.source.ImageSources;
import io.osimg.image.source.registry.RegistryCredentials;
import io.osimg.image.source.registry.RegistryImage;
import io.osimg.transfer.CaCertificates;
import io.osimg.transfer.TransferOptions;
import io.osimg.store.publish.DirectoryPublisher;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import io.osimg.transfer.Progress;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker:// sources against Debian's docker-registry on 127.0.0.1 over TLS (a test CA, --ca-cert), images pushed
 * with skopeo: anonymous pulls by tag and digest, a multi-arch index, htpasswd authentication, Bearer tokens (one
 * that expires during the pull is renewed), a plain-HTTP registry (--plain-http, with each layer's download progress), and the faults: a 401 without
 * credentials, a 404 tag, an untrusted certificate, a damaged blob, a connection cut mid-blob.
 */
class RegistryIT {
    static final Instant NOW = Instant.parse("2026-12-07T01:30:00Z");

    static Path work;
    static Path layout;
    static RegistryFixture open;
    static RegistryFixture locked;
    static String expectedTar;
    static String manifestDigest;

    @BeforeAll
    static void setUp() throws Exception {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-registry-it");
        layout = work.resolve("layout");
        Path script = Path.of(RegistryIT.class.getResource("/oci/layered-image.sh").toURI());
        TreeSnapshot.sh(work, "bash " + script + " " + layout + " t1 " + work.resolve("make"));
        // a multi-arch index: linux/amd64 is the image, linux/arm64 claims the same manifest
        TreeSnapshot.sh(work, String.join("\n", "set -e",
                "m=$(python3 -c 'import json; print(json.dumps(json.load(open(\"" + layout + "/index.json\"))[\"manifests\"][0]))')",
                "python3 - \"$m\" <<'PY'",
                "import hashlib, json, sys",
                "m = json.loads(sys.argv[1]); m.pop('annotations', None)",
                "index = {'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.index.v1+json', 'manifests': [",
                "  dict(m, platform={'os': 'linux', 'architecture': 'arm64'}), dict(m, platform={'os': 'linux', 'architecture': 'amd64'})]}",
                "b = json.dumps(index).encode(); d = hashlib.sha256(b).hexdigest()",
                "open('" + layout + "/blobs/sha256/' + d, 'wb').write(b)",
                "top = json.load(open('" + layout + "/index.json'))",
                "top['manifests'].append({'mediaType': index['mediaType'], 'digest': 'sha256:' + d, 'size': len(b),",
                "  'annotations': {'org.opencontainers.image.ref.name': 'multi'}})",
                "json.dump(top, open('" + layout + "/index.json', 'w'))",
                "PY"));
        manifestDigest = TreeSnapshot.sh(layout,
                "python3 -c 'import json; print(json.load(open(\"index.json\"))[\"manifests\"][0][\"digest\"])'").trim();
        open = RegistryFixture.start(work.resolve("open"), false);
        open.push("oci:" + layout + ":t1", "osimg/test:t1", false);
        open.push("oci:" + layout + ":multi", "osimg/test:multi", true);
        locked = RegistryFixture.start(work.resolve("locked"), true);
        locked.push("oci:" + layout + ":t1", "osimg/private:t1", false);
        expectedTar = build(ImageSources.parse("oci:" + layout + ":t1", null, InputStream.nullInputStream()),
                work.resolve("store-layout"), null).manifest().uncompressedDigests().get("sha256");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (open != null) {
            open.close();
        }
        if (locked != null) {
            locked.close();
        }
        TreeSnapshot.sh(Path.of("/"), "rm -rf '" + work + "'");
    }

    static BuildResult build(ImageSource source, Path store, String ignored) throws Exception {
        BuildRequest request = new BuildRequest(source, "debian", "12", Channel.STABLE, null, null, null,
                Lz4Options.defaults(), null, null);
        return new ImageBuilder(Clock.fixed(NOW, ZoneOffset.UTC), "test").build(request, new DirectoryPublisher(store),
                new BuildListener() { });
    }

    static ImageSource source(String spec, String arch, boolean trustCa, RegistryCredentials credentials) throws Exception {
        TransferOptions transfer = TransferOptions.defaults().withMaxAttempts(3)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        if (trustCa) {
            transfer = transfer.withCaCertificates(CaCertificates.read(open.ca));
        }
        return ImageSources.parse(spec, new ImageSources.Options(arch, InputStream.nullInputStream(),
                new RegistryImage.Options(transfer, credentials), ImageSources.DockerfileOptions.NONE));
    }

    static ImageSource source(String spec) throws Exception {
        return source(spec, null, true, RegistryCredentials.none());
    }

    static void nothingPublished(Path store) throws Exception {
        if (Files.exists(store)) {
            try (Stream<Path> files = Files.walk(store)) {
                assertThat(files.filter(p -> p.getFileName().toString().startsWith("img"))).isEmpty();
            }
        }
    }

    @Test
    void pullsByTagAndByDigestTheTreeTheLayoutHolds() throws Exception {
        String byTag = "docker://" + open.host() + "/osimg/test:t1";
        BuildResult tagged = build(source(byTag), work.resolve("store-tag"), null);
        assertThat(tagged.manifest().uncompressedDigests().get("sha256")).isEqualTo(expectedTar);
        assertThat(tagged.manifest().source()).isEqualTo(byTag);
        assertThat(tagged.manifest().origin().digest()).isEqualTo(manifestDigest);
        assertThat(tagged.manifest().origin().labels()).containsEntry("org.example.role", "test");

        BuildResult pinned = build(source("docker://" + open.host() + "/osimg/test@" + manifestDigest),
                work.resolve("store-digest"), null);
        assertThat(pinned.manifest().uncompressedDigests().get("sha256")).isEqualTo(expectedTar);
    }

    @Test
    void aMultiArchIndexIsResolvedForTheArchitecture() throws Exception {
        String spec = "docker://" + open.host() + "/osimg/test:multi";
        BuildResult amd64 = build(source(spec), work.resolve("store-multi"), null);
        assertThat(amd64.manifest().uncompressedDigests().get("sha256")).isEqualTo(expectedTar);
        assertThat(amd64.manifest().origin().digest()).isEqualTo(manifestDigest);

        assertThatThrownBy(() -> build(source(spec, "s390x", true, RegistryCredentials.none()), work.resolve("store-s390x"), null))
                .hasMessage(spec + ": the index holds no image for linux/s390x (--arch); it has linux/arm64, linux/amd64");
        // the arm64 entry points at an amd64 image: its configuration gives it away
        assertThatThrownBy(() -> build(source(spec, "arm64", true, RegistryCredentials.none()), work.resolve("store-arm64"), null))
                .hasMessage(spec + ": the image is for linux/amd64, not for linux/arm64 (--arch)");
        nothingPublished(work.resolve("store-s390x"));
        nothingPublished(work.resolve("store-arm64"));
    }

    @Test
    void basicAuthFromAnAuthFileAndA401Without() throws Exception {
        String spec = "docker://" + locked.host() + "/osimg/private:t1";
        Path store = work.resolve("store-locked");
        assertThatThrownBy(() -> build(source(spec, null, true, RegistryCredentials.from(null, java.util.Map.of(),
                work.resolve("no-home"))), store, null))
                .hasMessageContaining(spec + ": GET https://" + locked.host() + "/v2/osimg/private/manifests/t1: 401 Unauthorized")
                .hasMessageContaining("the registry wants credentials and none were found for " + locked.host());
        nothingPublished(store);

        Path wrong = work.resolve("wrong-auth.json");
        Files.writeString(wrong, authJson(locked.host(), RegistryFixture.USER, "not-the-password"));
        assertThatThrownBy(() -> build(source(spec, null, true, RegistryCredentials.from(wrong, java.util.Map.of(), null)), store, null))
                .hasMessageContaining("401 Unauthorized")
                .hasMessageContaining("the registry refused the login of osimg from " + wrong);
        nothingPublished(store);

        Path auth = work.resolve("auth.json");
        Files.writeString(auth, authJson(locked.host(), RegistryFixture.USER, RegistryFixture.PASSWORD));
        BuildResult r = build(source(spec, null, true, RegistryCredentials.from(null,
                java.util.Map.of("REGISTRY_AUTH_FILE", auth.toString()), null)), store, null);
        assertThat(r.manifest().uncompressedDigests().get("sha256")).isEqualTo(expectedTar);
    }

    static String authJson(String host, String user, String password) {
        return "{\"auths\": {\"" + host + "\": {\"auth\": \""
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\"}}}";
    }

    @Test
    void aBearerTokenFromTheRealmTheChallengeNames() throws Exception {
        try (RegistryFixture.TokenServer tokens = new RegistryFixture.TokenServer(work.resolve("tokens"))) {
            RegistryFixture r = RegistryFixture.start(work.resolve("bearer"), false, tokens);
            try {
                r.push("oci:" + layout + ":t1", "osimg/bearer:t1", false);
                int before = tokens.issued.get();
                BuildResult built = build(source("docker://" + r.host() + "/osimg/bearer:t1"), work.resolve("store-bearer"), null);
                assertThat(built.manifest().uncompressedDigests().get("sha256")).isEqualTo(expectedTar);
                assertThat(tokens.issued.get() - before).as("one token for the pull").isEqualTo(1);
            } finally {
                r.close();
            }
        }
    }

    @Test
    void anExpiredBearerTokenIsRenewedBeforeALayer() throws Exception {
        try (RegistryFixture.TokenServer tokens = new RegistryFixture.TokenServer(work.resolve("tokens-expiring"))) {
            // plain HTTP, so that the proxy can see which blob a request asks for
            RegistryFixture r = RegistryFixture.start(work.resolve("expiring"), false, tokens, true);
            String layer = TreeSnapshot.sh(layout, "python3 -c 'import json; m=json.load(open(\"index.json\"))[\"manifests\"][0]"
                    + "[\"digest\"][7:]; print(json.load(open(\"blobs/sha256/\" + m))[\"layers\"][0][\"digest\"])'").trim();
            try (RegistryFixture.DelayingProxy proxy = new RegistryFixture.DelayingProxy(r.port, "/blobs/" + layer,
                    Duration.ofSeconds(8))) {
                TreeSnapshot.sh(work, "skopeo copy -q --dest-tls-verify=false oci:" + layout + ":t1 docker://" + r.host()
                        + "/osimg/expiring:t1");
                int before = tokens.issued.get();
                tokens.nextTokenSeconds.set(5); // good for the manifest and the configuration, expired by the first layer
                String spec = "docker://127.0.0.1:" + proxy.port + "/osimg/expiring:t1";
                ImageSource src = ImageSources.parse(spec, new ImageSources.Options(null, InputStream.nullInputStream(),
                        new RegistryImage.Options(TransferOptions.defaults().withMaxAttempts(3), RegistryCredentials.none(),
                                true, RegistryImage.LayerProgress.NONE), ImageSources.DockerfileOptions.NONE));
                BuildResult built = build(src, work.resolve("store-expiring"), null);
                assertThat(built.manifest().uncompressedDigests().get("sha256")).isEqualTo(expectedTar);
                assertThat(tokens.issued.get() - before).as("the first token and its replacement").isEqualTo(2);
            } finally {
                r.close();
            }
        }
    }

    @Test
    void aPlainHttpRegistryWithPlainHttpOnly() throws Exception {
        RegistryFixture r = RegistryFixture.start(work.resolve("plain"), false, null, true);
        try {
            TreeSnapshot.sh(work, "skopeo copy -q --dest-tls-verify=false oci:" + layout + ":t1 docker://" + r.host()
                    + "/osimg/plain:t1");
            String spec = "docker://" + r.host() + "/osimg/plain:t1";
            Path store = work.resolve("store-plain");
            assertThatThrownBy(() -> build(source(spec), store, null))
                    .hasMessageStartingWith(spec + ": GET https://" + r.host() + "/v2/osimg/plain/manifests/t1: ")
                    .hasMessageEndingWith("(a registry without TLS? --plain-http)");
            nothingPublished(store);
            TransferOptions transfer = TransferOptions.defaults().withMaxAttempts(3);
            Map<String, List<Progress>> progress = new ConcurrentHashMap<>();
            RegistryImage.LayerProgress layers = (d, what) -> {
                assertThat(what).startsWith("layer ").contains("(" + d.shortDigest() + ") of " + spec);
                return p -> progress.computeIfAbsent(d.digest() + " " + d.size(), k -> new CopyOnWriteArrayList<>()).add(p);
            };
            ImageSource plain = ImageSources.parse(spec, new ImageSources.Options(null, InputStream.nullInputStream(),
                    new RegistryImage.Options(transfer, RegistryCredentials.none(), true, layers),
                    ImageSources.DockerfileOptions.NONE));
            BuildResult built = build(plain, store, null);
            assertThat(built.manifest().uncompressedDigests().get("sha256")).isEqualTo(expectedTar);
            assertThat(progress).as("each layer's download reports its progress").hasSize((int) built.manifest().origin().layers().stream().distinct().count());
            progress.forEach((layer, events) -> {
                Progress last = events.getLast();
                assertThat(last.finished()).as(layer).isTrue();
                assertThat(layer).isEqualTo(last.url().getPath().replaceAll(".*/", "") + " " + last.bytesDone());
                assertThat(last.totalBytes()).isEqualTo(last.bytesDone());
                assertThat(events.stream().filter(Progress::finished)).hasSize(1);
            });
        } finally {
            r.close();
        }
    }

    @Test
    void aMissingTagAndAnUntrustedCertificateAreNamed() throws Exception {
        Path store = work.resolve("store-404");
        String missing = "docker://" + open.host() + "/osimg/test:nope";
        assertThatThrownBy(() -> build(source(missing), store, null))
                .hasMessage(missing + ": GET https://" + open.host() + "/v2/osimg/test/manifests/nope: 404 Not Found "
                        + "(MANIFEST_UNKNOWN: manifest unknown): the registry has no manifest nope in osimg/test");
        String untrusted = "docker://" + open.host() + "/osimg/test:t1";
        assertThatThrownBy(() -> build(source(untrusted, null, false, RegistryCredentials.none()), store, null))
                .hasMessage(untrusted + ": GET https://" + open.host() + "/v2/osimg/test/manifests/t1: the registry's TLS "
                        + "certificate is not trusted; trust its CA with --ca-cert");
        nothingPublished(store);
    }

    @Test
    void aDamagedBlobFailsNamingItAndNothingIsPublished() throws Exception {
        RegistryFixture r = RegistryFixture.start(work.resolve("damaged"), false);
        try {
            r.push("oci:" + layout + ":t1", "osimg/damaged:t1", false);
            String layer = TreeSnapshot.sh(layout, "python3 -c 'import json; m=json.load(open(\"index.json\"))[\"manifests\"][0]"
                    + "[\"digest\"][7:]; print(json.load(open(\"blobs/sha256/\" + m))[\"layers\"][1][\"digest\"])'").trim();
            Path data = r.blob(layer);
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x20;
            Files.write(data, bytes);
            String spec = "docker://" + r.host() + "/osimg/damaged:t1";
            Path store = work.resolve("store-damaged");
            ImageSource src = ImageSources.parse(spec, new ImageSources.Options(null, InputStream.nullInputStream(),
                    new RegistryImage.Options(TransferOptions.defaults().withCaCertificates(CaCertificates.read(r.ca)),
                            RegistryCredentials.none()), ImageSources.DockerfileOptions.NONE));
            assertThatThrownBy(() -> build(src, store, null))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageStartingWith("sha256 of layer 2 of 3 (" + layer.substring(0, 19) + ") of " + spec
                            + ": expected " + layer.substring(7) + " but got ");
            nothingPublished(store);
        } finally {
            r.close();
        }
    }

    @Test
    void aConnectionCutMidBlobIsResumed() throws Exception {
        try (RegistryFixture.CuttingProxy proxy = new RegistryFixture.CuttingProxy(open.port, 96 * 1024)) {
            String spec = "docker://127.0.0.1:" + proxy.port + "/osimg/test:t1";
            BuildResult r = build(source(spec), work.resolve("store-cut"), null);
            assertThat(proxy.cuts.get()).isEqualTo(1);
            assertThat(r.manifest().uncompressedDigests().get("sha256")).isEqualTo(expectedTar);
        }
    }
}
