package io.osimg.archive.lz4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Differential tests against the {@code lz4} command line (Debian package {@code lz4}). */
class Lz4CliCompatibilityTest {

    private static byte[] data;

    @TempDir
    Path dir;

    @BeforeAll
    static void input() {
        assertThat(TestData.lz4Available()).as("the lz4 command line is installed").isTrue();
        // 13 MB: several 4 MB blocks and a short last one, compressible and random parts
        data = TestData.concat(TestData.compressible(6_000_000, 21), TestData.random(1_500_000, 22),
                TestData.compressible(5_500_001, 23));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private byte[] cliCompress(String... options) throws IOException {
        Path in = write("in.bin", data);
        List<String> args = new ArrayList<>(List.of(options));
        args.add("-c");
        args.add(in.toString());
        TestData.Run run = TestData.lz4(null, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run.stdout();
    }

    @Test
    void lz4AcceptsAndDecodesOurDefaultOutput() throws IOException {
        Path frame = write("ours.lz4", TestData.encode(data, Lz4Options.defaults()));
        TestData.Run test = TestData.lz4(null, "-t", frame.toString());
        assertThat(test.exitCode()).as(test.stderr()).isZero();
        TestData.Run decoded = TestData.lz4(null, "-dc", frame.toString());
        assertThat(decoded.exitCode()).as(decoded.stderr()).isZero();
        assertThat(decoded.stdout()).isEqualTo(data);
    }

    @Test
    void lz4DecodesOurOutputWithEveryOption() throws IOException {
        Lz4Options d = Lz4Options.defaults();
        for (Lz4Options opts : List.of(d.withLevel(1).withBlockSize(BlockSize.KB64), d.withLevel(12),
                d.withBlockChecksum(true).withBlockSize(BlockSize.KB256),
                d.withContentChecksum(false).withBlockSize(BlockSize.MB1))) {
            Path frame = write("ours.lz4", TestData.encode(data, opts));
            TestData.Run decoded = TestData.lz4(null, "-dc", frame.toString());
            assertThat(decoded.exitCode()).as(opts + ": " + decoded.stderr()).isZero();
            assertThat(decoded.stdout()).as(opts.toString()).isEqualTo(data);
        }
    }

    @Test
    void lz4DecodesOurChannelOutputWithContentSize() throws IOException {
        Path file = dir.resolve("sized.lz4");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             Lz4FrameOutputStream out = Lz4FrameOutputStream.toChannel(ch, Lz4Options.defaults())) {
            out.write(data);
        }
        TestData.Run decoded = TestData.lz4(null, "-dc", file.toString());
        assertThat(decoded.exitCode()).as(decoded.stderr()).isZero();
        assertThat(decoded.stdout()).isEqualTo(data);
        TestData.Run list = TestData.lz4(null, "-v", "--list", file.toString());
        assertThat(new String(list.stdout()) + list.stderr()).as("lz4 reads the content size from the header")
                .containsPattern(" " + data.length + " +[0-9.]+%");
    }

    @Test
    void ourLevel9IsWithinOnePercentOfLz4Level9() throws IOException {
        byte[] ours = TestData.encode(data, Lz4Options.defaults());
        byte[] theirs = cliCompress("-9");
        assertThat((double) ours.length).isCloseTo(theirs.length, org.assertj.core.data.Percentage.withPercentage(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-B4", "-B5", "-B6", "-B7", "-BD", "-BX", "--no-frame-crc", "--content-size", "-1", "-9",
        "-12", "-B4 -BD -BX", "-BD --no-frame-crc --content-size", "-B5 -BD -12", "--favor-decSpeed -BD"})
    void decodesWhatLz4Writes(String options) throws IOException {
        byte[] frame = cliCompress(options.split(" "));
        assertThat(TestData.decode(frame)).isEqualTo(data);
    }

    @Test
    void decodesLinkedBlocksWithMatchesAcrossBlocks() throws IOException {
        // a 30 KB random pattern repeated: with -BD and 64 KB blocks every block refers back into the previous one
        byte[] unit = TestData.random(30_000, 31);
        byte[] repeated = new byte[unit.length * 60];
        for (int i = 0; i < 60; i++) {
            System.arraycopy(unit, 0, repeated, i * unit.length, unit.length);
        }
        Path in = write("rep.bin", repeated);
        TestData.Run run = TestData.lz4(null, "-9", "-B4", "-BD", "-c", in.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout().length).as("linked blocks compress the repeats").isLessThan(repeated.length / 10);
        assertThat(TestData.decode(run.stdout())).isEqualTo(repeated);
    }

    @Test
    void decodesConcatenatedFramesAndSkippableFrames() throws IOException {
        byte[] first = cliCompress("-9");
        byte[] second = TestData.encode(data, Lz4Options.defaults().withLevel(1));
        byte[] skippable = new byte[8 + 1234];
        FrameFormat.putIntLe(skippable, 0, 0x184D2A5A);
        FrameFormat.putIntLe(skippable, 4, 1234);
        byte[] all = TestData.concat(skippable, first, skippable, second, skippable);
        Path file = write("all.lz4", all);
        TestData.Run theirs = TestData.lz4(null, "-dc", file.toString());
        assertThat(theirs.exitCode()).as(theirs.stderr()).isZero();
        byte[] expected = TestData.concat(data, data);
        assertThat(theirs.stdout()).as("lz4 agrees on the expected output").isEqualTo(expected);
        assertThat(TestData.decode(all)).isEqualTo(expected);
    }

    @Test
    void decodesLz4OutputOfEmptyInput() throws IOException {
        Path in = write("empty.bin", new byte[0]);
        TestData.Run run = TestData.lz4(null, "-c", in.toString());
        assertThat(TestData.decode(run.stdout())).isEmpty();
    }

    @Test
    void rejectsLegacyFormatClearly() throws IOException {
        byte[] legacy = cliCompress("-l");
        assertThatThrownBy(() -> TestData.decode(legacy))
                .isInstanceOf(Lz4FormatException.class)
                .hasMessage("legacy LZ4 format (lz4 -l) at byte 0 is not supported; expected an LZ4 frame "
                        + "(magic 0x184D2204)");
    }
}
