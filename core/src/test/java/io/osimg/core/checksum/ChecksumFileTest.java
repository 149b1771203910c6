package io.osimg.core.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ChecksumFileTest {

    @TempDir
    Path dir;

    /** Runs md5sum/sha256sum/sha512sum on a temp file and compares byte for byte with our formatting. */
    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void formatIsByteIdenticalToCoreutils(DigestAlgorithm a) throws Exception {
        byte[] data = new byte[100_000];
        new Random(42).nextBytes(data);
        Files.write(dir.resolve("img.tar.lz4"), data);
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance(a.javaName()).digest(data));

        byte[] tool = run(a.id() + "sum", "img.tar.lz4");
        byte[] ours = ChecksumFile.format(a, hex, "img.tar.lz4").getBytes(StandardCharsets.UTF_8);
        assertThat(ours).isEqualTo(tool);

        ChecksumLine line = ChecksumFile.parse(a, new String(tool, StandardCharsets.UTF_8), "img.tar.lz4");
        assertThat(line.hex()).isEqualTo(hex);
        assertThat(line.fileName()).isEqualTo("img.tar.lz4");

        // and md5sum -c accepts what we wrote
        Files.writeString(dir.resolve("img.tar.lz4" + a.fileSuffix()), line.format());
        assertThat(new String(run(a.id() + "sum", "-c", "img.tar.lz4" + a.fileSuffix()), StandardCharsets.UTF_8))
                .isEqualTo("img.tar.lz4: OK\n");
    }

    @Test
    void parsesBinaryModeUppercaseAndBareDigest() throws Exception {
        Files.writeString(dir.resolve("img.tar.lz4"), "hello\n");
        String binary = new String(run("md5sum", "-b", "img.tar.lz4"), StandardCharsets.UTF_8);
        assertThat(binary).contains(" *img.tar.lz4");
        ChecksumLine line = ChecksumFile.parse(DigestAlgorithm.MD5, binary, "img.tar.lz4");
        assertThat(line.hex()).isEqualTo("b1946ac92492d2347c6235b4d2611184");
        assertThat(line.fileName()).isEqualTo("img.tar.lz4");

        ChecksumLine upper = ChecksumFile.parse(DigestAlgorithm.MD5, "B1946AC92492D2347C6235B4D2611184\n", "img.tar.lz4");
        assertThat(upper.hex()).isEqualTo("b1946ac92492d2347c6235b4d2611184");
        assertThat(upper.fileName()).isNull();

        ChecksumLine path = ChecksumFile.parse(DigestAlgorithm.MD5,
                "b1946ac92492d2347c6235b4d2611184  /work/images/img.tar.lz4\n", "img.tar.lz4");
        assertThat(path.fileName()).isEqualTo("/work/images/img.tar.lz4");
    }

    @Test
    void rejectsBadContentNamingTheProblem() {
        assertThatThrownBy(() -> ChecksumFile.parse(DigestAlgorithm.MD5, "", "img.tar.lz4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("md5 checksum file of img.tar.lz4: empty");
        assertThatThrownBy(() -> ChecksumFile.parse(DigestAlgorithm.MD5, "abc  img.tar.lz4\n", "img.tar.lz4"))
                .hasMessageContaining("md5 checksum file of img.tar.lz4").hasMessageContaining("has 3 characters, expected 32");
        assertThatThrownBy(() -> ChecksumFile.parse(DigestAlgorithm.SHA512, "b1946ac92492d2347c6235b4d2611184  img.tar.lz4", null))
                .hasMessageContaining("expected 128");
        assertThatThrownBy(() -> ChecksumFile.parse(DigestAlgorithm.MD5, "g1946ac92492d2347c6235b4d2611184", null))
                .hasMessageContaining("non-hex character at position 0");
        assertThatThrownBy(() -> ChecksumFile.parse(DigestAlgorithm.MD5, "b1946ac92492d2347c6235b4d2611184  other.tar", "img.tar.lz4"))
                .hasMessageContaining("names file 'other.tar'");
    }

    @Test
    void algorithms() {
        assertThat(DigestAlgorithm.forSuffix("img.tar.lz4.sha512")).contains(DigestAlgorithm.SHA512);
        assertThat(DigestAlgorithm.forSuffix(".md5")).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.forSuffix("sha256")).contains(DigestAlgorithm.SHA256);
        assertThat(DigestAlgorithm.forSuffix("img.tar.lz4")).isEmpty();
        assertThat(DigestAlgorithm.SHA256.hexLength()).isEqualTo(64);
    }

    @Test
    void mismatchCarriesBothDigests() {
        DigestMismatchException e = new DigestMismatchException(DigestAlgorithm.MD5, "img.tar.lz4",
                "0123456789abcdef0123456789abcdef", "abcdef0123456789abcdef0123456789");
        assertThat(e).isInstanceOf(IOException.class)
                .hasMessage("md5 of img.tar.lz4: expected 0123456789abcdef0123456789abcdef but got abcdef0123456789abcdef0123456789");
        assertThat(e.expected()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(e.actual()).isEqualTo("abcdef0123456789abcdef0123456789");
    }

    private byte[] run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + new String(out, StandardCharsets.UTF_8)).isZero();
        return out;
    }
}
