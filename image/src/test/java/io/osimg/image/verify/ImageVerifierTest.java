package io.osimg.image.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.archive.lz4.Lz4FrameOutputStream;
import io.osimg.archive.lz4.Lz4Options;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarWriter;
import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.FileDigests;
import io.osimg.core.image.ImageManifest;
import io.osimg.core.store.ImageFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osimg verify} on a small image built here: it compares through the same pieces as the mirror and the
 * installer (checksum files read by ImageChecksums, digests compared by DigestCheck), so a mismatch reads the same.
 */
class ImageVerifierTest {

    @TempDir
    Path dir;

    private Map<DigestAlgorithm, String> digests;
    private String tarSha256;
    private long tarSize;

    @BeforeEach
    void image() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] motd = "osimg verify test\n".getBytes(StandardCharsets.UTF_8);
        try (TarWriter w = new TarWriter(tar)) {
            w.write(TarEntry.builder("etc", EntryType.DIRECTORY).mode(0755).mtime(Instant.EPOCH).build(), null);
            w.write(TarEntry.builder("etc/motd", EntryType.FILE).mode(0644).size(motd.length).mtime(Instant.EPOCH).build(),
                    new ByteArrayInputStream(motd));
            w.finish();
        }
        tarSize = tar.size();
        Path tarFile = Files.write(dir.resolve("plain.tar"), tar.toByteArray());
        tarSha256 = FileDigests.of(tarFile, DigestAlgorithm.SHA256).get(DigestAlgorithm.SHA256);
        Files.delete(tarFile);
        ByteArrayOutputStream lz4 = new ByteArrayOutputStream();
        try (Lz4FrameOutputStream out = new Lz4FrameOutputStream(lz4, Lz4Options.defaults().withLevel(1))) {
            out.write(tar.toByteArray());
        }
        Path image = Files.write(dir.resolve(ImageFiles.IMAGE), lz4.toByteArray());
        digests = FileDigests.of(image, DigestAlgorithm.values());
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            Files.writeString(dir.resolve(ImageFiles.IMAGE + a.fileSuffix()),
                    ChecksumFile.format(a, digests.get(a), ImageFiles.IMAGE));
        }
        writeManifest(Map.of("md5", digests.get(DigestAlgorithm.MD5), "sha512", digests.get(DigestAlgorithm.SHA512)));
    }

    @Test
    void aSoundImageVerifiesEveryChecksumFileAndTheManifest() throws IOException {
        ImageVerifier.Report r = new ImageVerifier().verify(dir);
        assertThat(r.checks()).allMatch(ImageVerifier.Check::ok);
        assertThat(r.checks()).extracting(ImageVerifier.Check::name).contains("md5", "sha256", "sha512",
                "manifest sizes", "manifest md5", "manifest sha512", "manifest tar sha256");
        assertThat(r.entries()).isEqualTo(2);
        assertThat(r.tarBytes()).isEqualTo(tarSize);
    }

    @Test
    void aWrongChecksumFileFailsWithTheSharedMismatchMessage() throws IOException {
        String wrong = "0".repeat(32);
        Files.writeString(dir.resolve(ImageFiles.MD5), ChecksumFile.format(DigestAlgorithm.MD5, wrong, ImageFiles.IMAGE));
        ImageVerifier.Report r = new ImageVerifier().verify(dir);
        assertThat(r.ok()).isFalse();
        assertThat(failed(r)).containsExactly(Map.entry("md5",
                "md5 of img.tar.lz4: expected " + wrong + " but got " + digests.get(DigestAlgorithm.MD5)));
    }

    /** On main, osimg verify read manifest.json's sizes and tar digest but not the image digests the mirror checks. */
    @Test
    void aManifestPromisingOtherImageDigestsFails() throws IOException {
        String wrong = "e".repeat(128);
        writeManifest(Map.of("md5", digests.get(DigestAlgorithm.MD5), "sha512", wrong));
        ImageVerifier.Report r = new ImageVerifier().verify(dir);
        assertThat(failed(r)).containsExactly(Map.entry("manifest sha512", "sha512 of img.tar.lz4 (manifest.json): expected "
                + wrong + " but got " + digests.get(DigestAlgorithm.SHA512)));
    }

    /** On main a checksum file that is not UTF-8 ended the verification with an exception instead of a failed check. */
    @Test
    void aChecksumFileThatIsNotTextIsAFailedCheck() throws IOException {
        Files.write(dir.resolve(ImageFiles.SHA512), new byte[] {'a', (byte) 0xc3, '\n'});
        ImageVerifier.Report r = new ImageVerifier().verify(dir);
        assertThat(failed(r)).containsOnlyKeys("sha512 file");
        assertThat(failed(r).get("sha512 file")).contains(ImageFiles.SHA512).contains("not UTF-8 text (byte 1)");
    }

    private static Map<String, String> failed(ImageVerifier.Report r) {
        return r.checks().stream().filter(c -> !c.ok())
                .collect(Collectors.toMap(ImageVerifier.Check::name, ImageVerifier.Check::detail));
    }

    private void writeManifest(Map<String, String> compressed) throws IOException {
        ImageManifest m = new ImageManifest("ubuntu-24.04", null, null, Files.size(dir.resolve(ImageFiles.IMAGE)), tarSize,
                compressed, Map.of("sha256", tarSha256), null, Instant.EPOCH, "test", Set.of(), null, null);
        Files.writeString(dir.resolve(ImageFiles.MANIFEST), m.toJson());
    }
}
