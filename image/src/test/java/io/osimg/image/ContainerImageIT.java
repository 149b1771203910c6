package io.osimg.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.archive.lz4.Lz4Options;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.image.ImageManifest;
import io.osimg.core.store.Channel;
import io.osimg.image.source.ImageSource;
import io.osimg.image.source.ImageSources;
import io.osimg.image.source.oci.OciFormatException;
import io.osimg.store.publish.DirectoryPublisher;
import java.io.InputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Container images as sources, made with real tools (umoci, skopeo; src/test/resources/oci/layered-image.sh) and
 * flattened by osimg; the image's tree is compared entry by entry with what {@code umoci unpack} makes of the
 * same image (type, mode, owner, size, content, link target, hard-link groups, xattrs, mtimes).
 */
class ContainerImageIT {
    static final Instant NOW = Instant.parse("2026-12-07T01:00:00Z");

    static Path work;
    static Path layout;
    static Map<String, String> reference;

    final List<String> warnings = new ArrayList<>();
    final BuildListener listener = new BuildListener() {
        @Override
        public void warning(String message) {
            warnings.add(message);
        }
    };

    @BeforeAll
    static void makeImage() throws Exception {
        // /var/tmp keeps user.* xattrs (a tmpfs may not)
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-oci-it");
        layout = work.resolve("layout");
        Path script = Path.of(ContainerImageIT.class.getResource("/oci/layered-image.sh").toURI());
        TreeSnapshot.sh(work, "bash " + script + " " + layout + " t1 " + work.resolve("make"));
        TreeSnapshot.sh(work, "umoci unpack --image " + layout + ":t1 " + work.resolve("umoci") + " >/dev/null");
        reference = TreeSnapshot.of(work.resolve("umoci/rootfs"), true);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        TreeSnapshot.sh(Path.of("/"), "rm -rf '" + work + "'");
    }

    BuildResult build(ImageSource source, Path store) throws Exception {
        BuildRequest request = new BuildRequest(source, "debian", "12", Channel.STABLE, null, null, null,
                Lz4Options.defaults(), null, null);
        return new ImageBuilder(Clock.fixed(NOW, ZoneOffset.UTC), "test").build(request, new DirectoryPublisher(store),
                listener);
    }

    /** The tree of the image, extracted by GNU tar. */
    static Map<String, String> tree(BuildResult result, String name) throws Exception {
        Path out = work.resolve("extracted-" + name);
        Files.createDirectories(out);
        TreeSnapshot.sh(out, "lz4 -dc " + result.directory().resolve("img.tar.lz4")
                + " | tar -xp --xattrs --xattrs-include='*' --numeric-owner -f -");
        return TreeSnapshot.of(out, true);
    }

    static ImageSource.Container source(String spec) {
        return (ImageSource.Container) ImageSources.parse(spec, null, InputStream.nullInputStream());
    }

    @Test
    void anOciLayoutFlattensToTheTreeUmociUnpacks() throws Exception {
        BuildResult result = build(source("oci:" + layout + ":t1"), work.resolve("store-oci"));

        Map<String, String> ours = tree(result, "oci");
        assertThat(TreeSnapshot.diff(reference, ours)).isEmpty();
        // the test image is what it claims to be: deletions, opaque directory, replacements, links, setuid, xattrs
        assertThat(ours).doesNotContainKeys("etc/delete-me", "gone-dir", "opaque/b", "opaque/deeper", "usr/lib/orig",
                "dir-to-file/inner");
        assertThat(ours).containsKeys("opaque/fresh", "file-to-dir-later/inside", "etc/two");
        assertThat(ours.get("opaque")).startsWith("d 0750 ");
        assertThat(ours.get("file-to-dir-later")).startsWith("d ");
        assertThat(ours.get("dir-to-file")).startsWith("f ");
        assertThat(ours.get("usr/bin/su")).startsWith("f 04755 0:0").contains("xattr:user.osimg.note=0x6c617965722074776f");
        assertThat(ours.get("usr/bin/setgid")).startsWith("f 02711 0:50");
        assertThat(ours.get("usr/bin/caps")).contains("xattr:user.osimg.caps=0x7468726565");
        assertThat(ours.get("usr/lib/shared-link")).endsWith("linkgroup=usr/lib/shared" + tail(ours.get("usr/lib/shared-link")));
        assertThat(ours.get("usr/lib/orig-link")).contains("size=4");
        assertThat(ours.get("usr/bin/wall-link")).contains("linkgroup=usr/bin/wall");
        assertThat(ours.get("usr/lib/owned")).startsWith("f 0640 1000:1001");

        ImageManifest manifest = result.manifest();
        assertThat(manifest.source()).isEqualTo("oci:" + layout + ":t1");
        assertThat(manifest.origin().env()).containsExactly("PATH=/usr/sbin:/usr/bin");
        assertThat(manifest.origin().labels()).containsEntry("org.example.role", "test");
        assertThat(manifest.origin().layers()).hasSize(3);
        assertThat(manifest.origin().digest()).isEqualTo(TreeSnapshot.sh(layout,
                "python3 -c 'import json; print(json.load(open(\"index.json\"))[\"manifests\"][0][\"digest\"])'").trim());
        assertThat(Files.readString(result.directory().resolve("packages.txt"))).contains("base-files");
    }

    /** What follows "linkgroup=usr/lib/shared" in a line: the rest after the group (sha256=..., xattrs). */
    private static String tail(String line) {
        int at = line.indexOf("linkgroup=usr/lib/shared");
        return at < 0 ? "" : line.substring(at + "linkgroup=usr/lib/shared".length());
    }

    @Test
    void archivesAndZstdLayersGiveTheSameTarAsTheLayout() throws Exception {
        String expected = build(source("oci:" + layout), work.resolve("store-plain")).manifest().uncompressedDigests().get("sha256");

        TreeSnapshot.sh(work, "tar -C " + layout + " -cf oci.tar .");
        TreeSnapshot.sh(work, "skopeo copy -q oci:" + layout + ":t1 docker-archive:" + work.resolve("docker.tar") + ":osimg/test:t1");
        TreeSnapshot.sh(work, "skopeo copy -q --dest-compress --dest-compress-format zstd oci:" + layout + ":t1 oci:"
                + work.resolve("zstd") + ":t1");
        assertThat(TreeSnapshot.sh(work, "head -c4 zstd/blobs/sha256/$(python3 -c 'import json; "
                + "print(json.load(open(\"zstd/blobs/sha256/\" + json.load(open(\"zstd/index.json\"))[\"manifests\"][0][\"digest\"][7:]))"
                + "[\"layers\"][0][\"digest\"][7:])') | od -An -tx1").trim()).isEqualTo("28 b5 2f fd");

        for (String spec : List.of("oci-archive:" + work.resolve("oci.tar") + ":t1", "docker-archive:" + work.resolve("docker.tar"),
                "oci:" + work.resolve("zstd") + ":t1")) {
            BuildResult r = build(source(spec), work.resolve("store-" + spec.substring(0, spec.indexOf(':'))
                    + "-" + Math.abs(spec.hashCode())));
            assertThat(r.manifest().uncompressedDigests().get("sha256")).as(spec).isEqualTo(expected);
            assertThat(r.manifest().origin().env()).as(spec).containsExactly("PATH=/usr/sbin:/usr/bin");
        }
    }

    /**
     * A docker archive whose layers are gzip-compressed (as {@code docker save} of some engines writes them): each
     * layer is checked against its {@code rootfs.diff_ids} entry over what it decompresses to.
     */
    @Test
    void gzipLayersOfADockerArchiveAreCheckedAgainstTheirDiffIds() throws Exception {
        String expected = build(source("oci:" + layout), work.resolve("store-diffid-plain")).manifest()
                .uncompressedDigests().get("sha256");
        TreeSnapshot.sh(work, "skopeo copy -q oci:" + layout + ":t1 docker-archive:" + work.resolve("docker-plain.tar")
                + ":osimg/test:t1");
        // gzip every layer in place; with "damage", also change the second layer's diff_id in the configuration
        String rewrite = """
                import gzip, hashlib, io, json, sys, tarfile
                src, dst, damage = sys.argv[1], sys.argv[2], sys.argv[3] == "damage"
                with tarfile.open(src) as t:
                    files = {m.name: t.extractfile(m).read() for m in t if m.isfile()}
                image = json.loads(files["manifest.json"])[0]
                for name in image["Layers"]:
                    files[name] = gzip.compress(files[name], mtime=0)
                if damage:
                    config = json.loads(files[image["Config"]])
                    config["rootfs"]["diff_ids"][1] = "sha256:" + hashlib.sha256(b"other").hexdigest()
                    files[image["Config"]] = json.dumps(config).encode()
                with tarfile.open(dst, "w") as out:
                    for name, data in files.items():
                        info = tarfile.TarInfo(name)
                        info.size = len(data)
                        out.addfile(info, io.BytesIO(data))
                """;
        Files.writeString(work.resolve("gzip-layers.py"), rewrite);
        TreeSnapshot.sh(work, "python3 gzip-layers.py docker-plain.tar docker-gzip.tar keep");
        TreeSnapshot.sh(work, "python3 gzip-layers.py docker-plain.tar docker-bad-diffid.tar damage");

        BuildResult r = build(source("docker-archive:" + work.resolve("docker-gzip.tar")), work.resolve("store-diffid-gzip"));
        assertThat(r.manifest().uncompressedDigests().get("sha256")).isEqualTo(expected);

        Path store = work.resolve("store-diffid-bad");
        assertThatThrownBy(() -> build(source("docker-archive:" + work.resolve("docker-bad-diffid.tar")), store))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageStartingWith("sha256 of layer 2 of 3 (")
                .hasMessageContaining("uncompressed (its rootfs.diff_ids entry): expected "
                        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("other".getBytes())));
        if (Files.exists(store)) {
            try (Stream<Path> left = Files.walk(store)) {
                assertThat(left.filter(p -> p.getFileName().toString().startsWith("img"))).isEmpty();
            }
        }
    }

    @Test
    void aTarOnStandardInputPassesThroughUnchanged() throws Exception {
        Path tar = work.resolve("stdin.tar");
        TreeSnapshot.sh(work, "tar -C umoci/rootfs --xattrs -cf " + tar + " .");
        BuildResult r;
        try (InputStream in = Files.newInputStream(tar)) {
            r = build(ImageSources.parse("-", null, in), work.resolve("store-stdin"));
        }
        assertThat(r.manifest().source()).isEqualTo("-");
        assertThat(r.manifest().origin()).isNull();
        assertThat(r.manifest().uncompressedDigests().get("sha256"))
                .isEqualTo(TreeSnapshot.sh(work, "sha256sum stdin.tar").substring(0, 64));
    }

    @Test
    void badSourcesAreNamedAndNothingIsPublished() throws Exception {
        Path store = work.resolve("store-bad");
        List<Path> before = sourceDirs();
        assertThatThrownBy(() -> build(source("oci:" + layout + ":nope"), store))
                .isInstanceOf(OciFormatException.class)
                .hasMessage("oci:" + layout + ":nope: the layout holds no image tagged 'nope' (its tags: t1)");

        Path notDocker = work.resolve("not-docker.tar");
        TreeSnapshot.sh(work, "tar -C umoci/rootfs -cf " + notDocker + " etc");
        assertThatThrownBy(() -> build(source("docker-archive:" + notDocker), store))
                .isInstanceOf(OciFormatException.class)
                .hasMessage("docker-archive:" + notDocker + ": not a docker archive (docker save): it holds no manifest.json");

        Path text = work.resolve("text.tar");
        Files.writeString(text, "no tar at all\n".repeat(100));
        assertThatThrownBy(() -> build(source("docker-archive:" + text), store))
                .isInstanceOf(OciFormatException.class)
                .hasMessageStartingWith("docker-archive:" + text + ": not a docker archive (docker save): not a tar archive (");

        assertThatThrownBy(() -> build(source("oci:" + work.resolve("umoci")), store))
                .isInstanceOf(OciFormatException.class)
                .hasMessageContaining("is not an OCI image layout (it needs the files oci-layout and index.json)");

        if (Files.exists(store)) {
            try (Stream<Path> left = Files.walk(store)) {
                assertThat(left.filter(p -> p.getFileName().toString().startsWith("img"))).isEmpty();
            }
        }
        assertThat(sourceDirs()).isSubsetOf(before);
    }

    /**
     * The {@code osimg-source-*} work directories in the temporary directory: a test compares them before and after,
     * since a process killed earlier on the same machine can have left one that no test here made.
     */
    private static List<Path> sourceDirs() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("osimg-source-")).toList();
        }
    }
}
