package io.osimg.core.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one comparison and the one reader of an image directory's checksum files. */
class DigestCheckTest {

    private static final String MD5_A = "0123456789abcdef0123456789abcdef";
    private static final String MD5_B = "abcdef0123456789abcdef0123456789";
    private static final String SHA512_A = "ab".repeat(64);
    private static final String SHA512_B = "cd".repeat(64);

    @TempDir
    Path dir;

    @Test
    void matchingDigestsPassWhateverTheHexCase() throws DigestMismatchException {
        DigestCheck.require("img.tar.lz4", Map.of(DigestAlgorithm.MD5, MD5_A.toUpperCase()),
                Map.of(DigestAlgorithm.MD5, MD5_A, DigestAlgorithm.SHA512, SHA512_A));
        assertThat(DigestCheck.mismatches("img.tar.lz4", Map.of(), Map.of(DigestAlgorithm.MD5, MD5_A))).isEmpty();
    }

    @Test
    void everyMismatchIsReportedInAlgorithmOrderWithBothDigests() {
        Map<DigestAlgorithm, String> expected = Map.of(DigestAlgorithm.SHA512, SHA512_A, DigestAlgorithm.MD5, MD5_A);
        Map<DigestAlgorithm, String> actual = Map.of(DigestAlgorithm.MD5, MD5_B, DigestAlgorithm.SHA512, SHA512_B);
        assertThatThrownBy(() -> DigestCheck.require("http://127.0.0.1:8080/img.tar.lz4", expected, actual))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessage("md5 of http://127.0.0.1:8080/img.tar.lz4: expected " + MD5_A + " but got " + MD5_B)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                        .isEqualTo("sha512 of http://127.0.0.1:8080/img.tar.lz4: expected " + SHA512_A + " but got " + SHA512_B));
        List<DigestMismatchException> all = DigestCheck.mismatches("x", expected, actual);
        assertThat(all).extracting(DigestMismatchException::algorithm)
                .containsExactly(DigestAlgorithm.MD5, DigestAlgorithm.SHA512);
    }

    @Test
    void aPromisedDigestThatWasNotComputedIsABug() {
        assertThatThrownBy(() -> DigestCheck.require("img.tar.lz4", Map.of(DigestAlgorithm.SHA256, "00".repeat(32)),
                Map.of(DigestAlgorithm.MD5, MD5_A)))
                .isInstanceOf(IllegalStateException.class).hasMessage("sha256 of img.tar.lz4 was not computed");
    }

    @Test
    void checksumFilesBesideTheImageArePromisesOrProblems() throws Exception {
        Files.writeString(dir.resolve("img.tar.lz4.md5"), MD5_A.toUpperCase() + "  img.tar.lz4\n");
        Files.write(dir.resolve("img.tar.lz4.sha256"), new byte[] {(byte) 0xff, 'x', '\n'});
        Files.writeString(dir.resolve("img.tar.lz4.sha512"), "not-hex  img.tar.lz4\n", StandardCharsets.UTF_8);
        ImageChecksums sums = ImageChecksums.read(dir, List.of(DigestAlgorithm.values()));
        assertThat(sums.promised()).containsExactly(Map.entry(DigestAlgorithm.MD5, MD5_A));
        assertThat(sums.problems()).extracting(ImageChecksums.Problem::algorithm)
                .containsExactly(DigestAlgorithm.SHA256, DigestAlgorithm.SHA512);
        assertThat(sums.problems().get(0).message()).contains("img.tar.lz4.sha256").contains("not UTF-8 text (byte 0)");
        assertThat(sums.problems().get(1).message()).startsWith("img.tar.lz4.sha512: sha512 checksum file of img.tar.lz4:")
                .contains("'not-hex'");

        ImageChecksums onlyMd5 = ImageChecksums.read(dir, List.of(DigestAlgorithm.MD5));
        assertThat(onlyMd5.problems()).isEmpty();
        Files.delete(dir.resolve("img.tar.lz4.md5"));
        assertThat(ImageChecksums.read(dir, List.of(DigestAlgorithm.MD5)).promised()).isEmpty();
    }
}
