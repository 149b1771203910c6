package io.osimg.core.checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one digest state and the streams and file digester built on it, against the JDK's digests of the same bytes. */
class DigestingStreamsTest {

    /** Not a multiple of the 32 KiB piece, so a write spans whole pieces and a partial one. */
    private static final byte[] DATA = random(100_003);

    @TempDir
    Path dir;

    @Test
    void inputStreamDigestsCountsAndCopiesEveryByteHoweverItIsRead() throws IOException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        List<Long> counts = new ArrayList<>();
        try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(DATA), copy, counts::add,
                EnumSet.allOf(DigestAlgorithm.class))) {
            assertThat(in.read()).isEqualTo(DATA[0] & 0xff);
            assertThat(in.skip(1000)).isEqualTo(1000);
            byte[] some = new byte[5000];
            assertThat(in.read(some, 0, some.length)).isEqualTo(5000);
            assertThat(in.drainToEnd()).isEqualTo(DATA.length - 6001L);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.count()).isEqualTo(DATA.length);
            assertThat(in.digests()).isEqualTo(reference(DATA, DigestAlgorithm.values()));
        }
        assertThat(copy.toByteArray()).isEqualTo(DATA);
        assertThat(counts.getFirst()).isEqualTo(1L);
        assertThat(counts.getLast()).isEqualTo((long) DATA.length);
    }

    @Test
    void inputStreamRefusesDigestsOfAPart() throws IOException {
        try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(DATA), null, DigestAlgorithm.MD5)) {
            in.readNBytes(10);
            assertThatThrownBy(in::digests).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only after the end of the stream");
        }
    }

    @Test
    void countingOnlyStreamHasNoDigests() throws IOException {
        try (DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(DATA), null)) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
            assertThat(in.count()).isEqualTo(DATA.length);
            assertThat(in.digests()).isEmpty();
        }
    }

    @Test
    void outputStreamPassesBytesAndDigestsThemInPieces() throws IOException {
        ByteArrayOutputStream below = new ByteArrayOutputStream();
        List<Long> reports = new ArrayList<>();
        DigestingOutputStream out = new DigestingOutputStream(below, reports::add, DigestAlgorithm.values());
        out.write(DATA[0]);
        out.write(DATA, 1, DATA.length - 1);
        out.close();
        assertThat(below.toByteArray()).isEqualTo(DATA);
        assertThat(out.count()).isEqualTo(DATA.length);
        assertThat(out.digests()).isEqualTo(reference(DATA, DigestAlgorithm.values()));
        assertThat(reports).isEmpty(); // less than the 8 MiB between reports
    }

    @Test
    void byteBufferUpdateLeavesThePositionAndMatches() {
        Digests d = Digests.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA512);
        ByteBuffer b = ByteBuffer.wrap(DATA, 10, 500);
        d.update(b);
        assertThat(b.position()).isEqualTo(10);
        byte[] part = Arrays.copyOfRange(DATA, 10, 510);
        assertThat(d.finish()).isEqualTo(reference(part, DigestAlgorithm.MD5, DigestAlgorithm.SHA512));
        assertThat(d.finish()).isSameAs(d.finish());
        assertThat(d.algorithms()).containsExactly(DigestAlgorithm.MD5, DigestAlgorithm.SHA512);
    }

    @Test
    void fileDigestsMatchTheJdkForOneAndForAllAlgorithms() throws IOException {
        Path file = Files.write(dir.resolve("img.tar.lz4"), DATA);
        assertThat(FileDigests.of(file, DigestAlgorithm.values())).isEqualTo(reference(DATA, DigestAlgorithm.values()));
        assertThat(FileDigests.of(file, DigestAlgorithm.SHA256)).isEqualTo(reference(DATA, DigestAlgorithm.SHA256));
        assertThat(FileDigests.of(file, Set.of())).isEmpty();
        assertThatThrownBy(() -> FileDigests.of(dir.resolve("missing"), DigestAlgorithm.values()))
                .isInstanceOf(NoSuchFileException.class);
    }

    private static Map<DigestAlgorithm, String> reference(byte[] data, DigestAlgorithm... algorithms) {
        Map<DigestAlgorithm, String> hex = new EnumMap<>(DigestAlgorithm.class);
        for (DigestAlgorithm a : algorithms) {
            try {
                hex.put(a, HexFormat.of().formatHex(MessageDigest.getInstance(a.javaName()).digest(data)));
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
        return hex;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }
}
