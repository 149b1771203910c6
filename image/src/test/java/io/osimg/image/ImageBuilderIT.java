package io.osimg.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.archive.lz4.Lz4Options;
import io.osimg.core.store.Channel;
import io.osimg.store.publish.DirectoryPublisher;
import io.osimg.core.image.ImageManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Builds images from real trees and checks them with the reference tools: GNU tar, lz4, md5sum, sha512sum. */
class ImageBuilderIT {
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    Path work;
    Path store;
    final List<String> warnings = new ArrayList<>();
    final BuildListener listener = new BuildListener() {
        @Override
        public void warning(String message) {
            warnings.add(message);
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        // /var/tmp lies on a file system with trusted.* and security.* xattrs (tmpfs may not have them)
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-build-it");
        store = work.resolve("store");
    }

    @AfterEach
    void tearDown() throws Exception {
        TreeSnapshot.sh(Path.of("/"), "chmod -R u+w '" + work + "' 2>/dev/null; rm -rf '" + work + "'");
    }

    /** A tree holding every kind of entry a root filesystem has. */
    static Path specialTree(Path dir) throws Exception {
        Files.createDirectories(dir);
        TreeSnapshot.sh(dir, String.join("\n",
                "set -e",
                "mkdir -p etc usr/bin var/lib/dpkg dev tmp ro sticky",
                "printf 'ID=debian\\nPRETTY_NAME=\"Test\"\\n' > etc/os-release",
                "printf 'hello\\n' > etc/motd && : > etc/empty",
                "head -c 300000 /dev/urandom > usr/bin/ping && chmod 4755 usr/bin/ping",
                "setfattr -n security.capability -v 0sAQAAAgAgAAAAAAAAAAAAAAAAAAA= usr/bin/ping",
                "printf x > usr/bin/wall && chmod 2755 usr/bin/wall && chown 0:5 usr/bin/wall",
                "chmod 1777 sticky tmp",
                "printf a > owned && chown 70000:80000 owned && printf b > huge-owner && chown 3000000:3000001 huge-owner",
                "ln -s ../etc/motd usr/motd-link && ln -s /nowhere dangling",
                "ln -s " + "x".repeat(150) + " longlink",
                "printf 'same' > hard1 && ln hard1 hard2 && ln hard1 usr/hard3",
                "mknod dev/null c 1 3 && mknod dev/loop200 b 7 200 && mkfifo dev/fifo && chmod 0620 dev/fifo",
                "setfattr -n trusted.overlay.opaque -v y etc && setfattr -n user.comment -v 'on a dir' usr",
                "setfattr -n user.mime -v text/plain etc/motd",
                "truncate -s 10M sparse && printf middle | dd of=sparse bs=1 seek=5000000 conv=notrunc status=none",
                "mkdir -p " + "d".repeat(60) + "/" + "e".repeat(60) + " && printf long > " + "d".repeat(60) + "/" + "e".repeat(60) + "/" + "f".repeat(120),
                "printf ro > ro/file && chmod 0555 ro",
                "touch -d '2024-02-29 12:34:56.123456789' etc/motd",
                "python3 -c \"import socket; s=socket.socket(socket.AF_UNIX); s.bind('sock')\"",
                "printf 'Package: base-files\\nStatus: install ok installed\\nArchitecture: amd64\\nVersion: 12.4\\nDescription: Debian base system\\n' > var/lib/dpkg/status"));
        return dir;
    }

    BuildRequest request(Path source, Instant epoch) {
        return new BuildRequest(source, "debian", "12", Channel.RELEASE, "20261126", null, epoch,
                Lz4Options.defaults(), null, null);
    }

    BuildResult build(BuildRequest r, Path into) throws IOException {
        return new ImageBuilder(Clock.fixed(NOW, ZoneOffset.UTC), "test").build(r, new DirectoryPublisher(into), listener);
    }

    @Test
    void directoryImageExtractsWithGnuTarToTheSameTree() throws Exception {
        Path src = specialTree(work.resolve("src"));
        BuildResult result = build(request(src, null), store);

        Path dir = store.resolve("20261126/debian/12");
        assertThat(result.id()).isEqualTo("debian-12.0.20261126");
        assertThat(result.directory()).isEqualTo(dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "img.tar.lz4", "img.tar.lz4.md5", "img.tar.lz4.sha512", "manifest.json", "packages.txt", "sbom.cdx.json");
        }
        assertThat(warnings).anyMatch(w -> w.contains("sock"));
        // the reference tools accept what osimg wrote
        TreeSnapshot.sh(dir, "lz4 -t img.tar.lz4 && md5sum -c img.tar.lz4.md5 && sha512sum -c img.tar.lz4.sha512");
        assertThat(Files.readString(dir.resolve("img.tar.lz4.md5"))).matches("[0-9a-f]{32}  img\\.tar\\.lz4\n");

        Path out = Files.createDirectories(work.resolve("out"));
        TreeSnapshot.sh(out, "lz4 -dc " + dir.resolve("img.tar.lz4")
                + " | tar --xattrs --xattrs-include='*' --numeric-owner -xpf - 2>" + work.resolve("tar.err"));
        assertThat(Files.readString(work.resolve("tar.err"))).isEmpty();
        Map<String, String> expected = TreeSnapshot.of(src, true);
        expected.remove("sock");
        assertThat(TreeSnapshot.diff(expected, TreeSnapshot.of(out, true))).isEmpty();
        // spot checks that the snapshot itself saw what matters
        assertThat(expected.get("usr/bin/ping")).contains("04755").contains("xattr:security.capability=0x0100000200200000");
        assertThat(expected.get("dev/loop200")).contains("dev=7:c8");
        assertThat(expected.get("huge-owner")).contains("3000000:3000001");

        ImageManifest m = result.manifest();
        assertThat(m.compressedSize()).isEqualTo(Files.size(dir.resolve("img.tar.lz4")));
        assertThat(m.compressedDigests().get("md5")).isEqualTo(Files.readString(dir.resolve("img.tar.lz4.md5")).substring(0, 32));
        String tarSha = TreeSnapshot.sh(dir, "lz4 -dc img.tar.lz4 | sha256sum").substring(0, 64);
        assertThat(m.uncompressedDigests().get("sha256")).isEqualTo(tarSha);
        assertThat(Files.readString(dir.resolve("packages.txt")))
                .contains("ii  base-files     12.4         amd64        Debian base system\n");
        assertThat(Files.exists(store.resolve(".staging"))).isFalse();
    }

    @Test
    void reproducibleBuildsAreByteIdentical() throws Exception {
        Path src = specialTree(work.resolve("src"));
        Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
        build(request(src, epoch), work.resolve("a"));
        TreeSnapshot.sh(src, "touch etc/os-release usr/bin/ping"); // newer than the epoch before and after: clamped
        build(request(src, epoch), work.resolve("b"));
        for (String f : List.of("img.tar.lz4", "img.tar.lz4.md5", "img.tar.lz4.sha512", "packages.txt", "manifest.json",
                "sbom.cdx.json")) {
            assertThat(Files.readAllBytes(work.resolve("b/20261126/debian/12").resolve(f)))
                    .as(f).isEqualTo(Files.readAllBytes(work.resolve("a/20261126/debian/12").resolve(f)));
        }
        String listing = TreeSnapshot.sh(work, "lz4 -dc a/20261126/debian/12/img.tar.lz4 | tar -tvf - --full-time");
        assertThat(listing).doesNotContain("2026-11-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cat", "gzip -c", "xz -c -T1", "zstd -q -c", "lz4 -q -c"})
    void tarSourcesPassThroughUnchanged(String compressor) throws Exception {
        Path src = specialTree(work.resolve("src"));
        Path tar = work.resolve("src.tar");
        TreeSnapshot.sh(src, "tar --xattrs --xattrs-include='*' --numeric-owner -cf " + tar + " . 2>/dev/null; true");
        Path compressed = work.resolve("source.bin"); // no telling extension: detection is by magic bytes
        TreeSnapshot.sh(work, compressor + " < " + tar + " > " + compressed);
        BuildResult result = build(request(compressed, null), store);
        Path image = result.directory().resolve("img.tar.lz4");
        String roundTrip = TreeSnapshot.sh(work, "lz4 -dc " + image + " | cmp - " + tar + " && echo same");
        assertThat(roundTrip).isEqualTo("same\n");
        // a plain tar is hashed while it is written (content size known up front); every source must verify alike
        TreeSnapshot.sh(result.directory(), "lz4 -t img.tar.lz4 && md5sum --quiet -c img.tar.lz4.md5 && sha512sum --quiet -c img.tar.lz4.sha512");
        assertThat(TreeSnapshot.sh(result.directory(), "lz4 -v --list img.tar.lz4 2>&1 || true"))
                .as("content size in the header").contains(" " + Files.size(tar) + " ");
        assertThat(Files.readString(result.directory().resolve("packages.txt"))).contains("base-files");
    }

    @Test
    void releasesAreImmutableAndStableIsReplaced() throws Exception {
        Path src = specialTree(work.resolve("src"));
        build(request(src, null), store);
        assertThatThrownBy(() -> build(request(src, null), store))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("debian-12.0.20261126").hasMessageContaining("immutable");

        BuildRequest stable = new BuildRequest(src, "firewall", "3.0-ubuntu", Channel.STABLE, null, null, null,
                Lz4Options.defaults(), null, null);
        BuildResult first = build(stable, store);
        Files.writeString(src.resolve("etc/motd"), "changed\n");
        BuildResult second = build(stable, store);
        assertThat(second.directory()).isEqualTo(store.resolve("stable/firewall/3.0-ubuntu"));
        assertThat(second.manifest().compressedDigests()).isNotEqualTo(first.manifest().compressedDigests());
        try (Stream<Path> s = Files.list(store.resolve(".staging").getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain(".staging");
        }
    }

    @Test
    void badSourcesLeaveNothingInTheStore() throws Exception {
        assertThatThrownBy(() -> build(request(work.resolve("missing"), null), store))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing");
        Path src = specialTree(work.resolve("src"));
        Path tar = work.resolve("src.tar");
        TreeSnapshot.sh(src, "tar -cf " + tar + " . 2>/dev/null; true");
        Path truncated = work.resolve("truncated.tar");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(tar), (int) (Files.size(tar) / 2) + 100));
        assertThatThrownBy(() -> build(request(truncated, null), store))
                .hasMessageContaining(truncated.toString());
        Path garbage = work.resolve("garbage.tar.gz");
        Files.write(garbage, "this is not a tar archive at all, just text that goes on".repeat(20).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> build(request(garbage, null), store))
                .hasMessageContaining(garbage.toString());
        Path corruptGzip = work.resolve("corrupt.gz");
        TreeSnapshot.sh(work, "gzip -c " + tar + " > " + corruptGzip);
        byte[] gz = Files.readAllBytes(corruptGzip);
        gz[gz.length / 2] ^= 0x55;
        Files.write(corruptGzip, gz);
        assertThatThrownBy(() -> build(request(corruptGzip, null), store))
                .hasMessageContaining(corruptGzip.toString());
        assertThat(TreeSnapshot.sh(work, "find store -mindepth 1 2>/dev/null || true")).isEmpty();
    }

    @Test
    void storeThatIsNotWritableFailsBeforeWork() throws Exception {
        Path src = specialTree(work.resolve("src"));
        Path ro = Files.createDirectories(work.resolve("ro-store"));
        TreeSnapshot.sh(work, "mount -t tmpfs -o ro,size=1m tmpfs " + ro);
        try {
            assertThatThrownBy(() -> build(request(src, null), ro))
                    .hasMessageContaining(ro.toString()).hasMessageContaining("not writable");
            assertThat(TreeSnapshot.sh(ro, "find . -mindepth 1")).isEmpty();
        } finally {
            TreeSnapshot.sh(work, "umount " + ro);
        }
    }
}
