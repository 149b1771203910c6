package io.osimg.archive.lz4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Lz4FrameRoundTripTest {

    private static final int MB4 = 4 * 1024 * 1024;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535, 65536, 65537, MB4 - 1, MB4, MB4 + 1, 20 * 1024 * 1024})
    void roundTripsRandomAndCompressibleData(int size) throws IOException {
        for (byte[] data : new byte[][] {TestData.random(size, size), TestData.compressible(size, size)}) {
            byte[] frame = TestData.encode(data, Lz4Options.defaults().withThreads(3));
            assertThat(TestData.decode(frame)).isEqualTo(data);
        }
    }

    static Stream<Arguments> options() {
        Lz4Options d = Lz4Options.defaults();
        return Stream.of(
                Arguments.of(d.withThreads(1)),
                Arguments.of(d.withLevel(1)),
                Arguments.of(d.withLevel(2).withBlockSize(BlockSize.KB64)),
                Arguments.of(d.withLevel(12).withBlockSize(BlockSize.KB256)),
                Arguments.of(d.withBlockSize(BlockSize.MB1).withBlockChecksum(true)),
                Arguments.of(d.withContentChecksum(false).withBlockSize(BlockSize.KB64).withThreads(4)),
                Arguments.of(d.withContentChecksum(false).withBlockChecksum(true).withThreads(2)));
    }

    @ParameterizedTest
    @MethodSource("options")
    void roundTripsWithEveryOption(Lz4Options opts) throws IOException {
        byte[] data = TestData.concat(TestData.compressible(3_000_000, 7), TestData.random(700_000, 8),
                TestData.compressible(2_000_000, 9));
        byte[] frame = TestData.encode(data, opts);
        assertThat(TestData.decode(frame)).isEqualTo(data);
        assertThat(frame[4] & 0x10).as("block checksum flag").isEqualTo(opts.blockChecksum() ? 0x10 : 0);
        assertThat(frame[4] & 0x04).as("content checksum flag").isEqualTo(opts.contentChecksum() ? 0x04 : 0);
        assertThat((frame[5] >> 4) & 7).as("block size id").isEqualTo(opts.blockSize().id());
    }

    @Test
    void smallWritesProduceTheSameFrameAsOneBigWrite() throws IOException {
        byte[] data = TestData.compressible(9_000_001, 3);
        Lz4Options opts = Lz4Options.defaults().withThreads(2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Lz4FrameOutputStream out = new Lz4FrameOutputStream(bytes, opts)) {
            int p = 0;
            int step = 1;
            while (p < data.length) {
                if (step % 7 == 0) {
                    out.write(data[p++]);
                } else {
                    int n = Math.min(step * 997, data.length - p);
                    out.write(data, p, n);
                    p += n;
                }
                step++;
            }
            out.finish();
            assertThat(out.uncompressedBytes()).isEqualTo(data.length);
            assertThat(out.compressedBytes()).isEqualTo(bytes.size());
        }
        assertThat(bytes.toByteArray()).isEqualTo(TestData.encode(data, opts));
    }

    @Test
    void incompressibleBlocksAreStoredUncompressed() throws IOException {
        byte[] data = TestData.random(100_000, 1);
        byte[] frame = TestData.encode(data, Lz4Options.defaults().withBlockSize(BlockSize.KB64));
        int word = FrameFormat.intLe(frame, 7);
        assertThat(word).isEqualTo(0x80000000 | 65536);
        assertThat(Arrays.copyOfRange(frame, 11, 11 + 65536)).isEqualTo(Arrays.copyOf(data, 65536));
        assertThat(frame.length).isEqualTo(7 + 4 + 65536 + 4 + (100_000 - 65536) + 4 + 4);
    }

    @Test
    void toChannelPatchesContentSizeAndHeaderChecksum(@TempDir Path dir) throws IOException {
        byte[] data = TestData.compressible(5_000_000, 11);
        Path file = dir.resolve("x.lz4");
        long compressed;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             Lz4FrameOutputStream out = Lz4FrameOutputStream.toChannel(ch, Lz4Options.defaults())) {
            out.write(data);
            out.finish();
            compressed = out.compressedBytes();
        }
        byte[] frame = Files.readAllBytes(file);
        assertThat(frame.length).isEqualTo(compressed);
        assertThat(frame[4] & 0x08).as("content size flag").isEqualTo(0x08);
        assertThat(FrameFormat.longLe(frame, 6)).isEqualTo(data.length);
        assertThat(frame[14] & 0xFF).isEqualTo(FrameFormat.headerChecksum(frame, 4, 10));
        assertThat(TestData.decode(frame)).isEqualTo(data);
    }

    @Test
    void emptyFrameIsHeaderEndMarkAndChecksum() throws IOException {
        byte[] frame = TestData.encode(new byte[0], Lz4Options.defaults());
        // magic, FLG 0x64 (version 1, independent, content checksum), BD 0x70 (4 MB), HC, EndMark, XXH32("")
        assertThat(frame).hasSize(15);
        assertThat(FrameFormat.intLe(frame, 0)).isEqualTo(0x184D2204);
        assertThat(frame[4]).isEqualTo((byte) 0x64);
        assertThat(frame[5]).isEqualTo((byte) 0x70);
        assertThat(FrameFormat.intLe(frame, 11)).isEqualTo(0x02CC5D05);
        assertThat(TestData.decode(frame)).isEmpty();
    }

    @Test
    void readerCanStopEarlyAndClose() throws IOException {
        byte[] data = TestData.compressible(30_000_000, 5);
        byte[] frame = TestData.encode(data, Lz4Options.defaults().withBlockSize(BlockSize.KB256));
        try (Lz4FrameInputStream in = new Lz4FrameInputStream(TestData.stream(frame))) {
            byte[] head = in.readNBytes(1000);
            assertThat(head).isEqualTo(Arrays.copyOf(data, 1000));
            assertThat(in.skip(5_000_000)).isEqualTo(5_000_000);
            assertThat(in.read()).isEqualTo(data[5_001_000] & 0xFF);
        }
    }
}
