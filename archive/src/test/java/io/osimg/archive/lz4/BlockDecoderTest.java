package io.osimg.archive.lz4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

/** The Java block decoder against blocks from the native compressors, and its bounds checks. */
class BlockDecoderTest {

    private static byte[] decode(byte[] block, int blockLen, int outLen) throws Lz4FormatException {
        byte[] out = new byte[FrameFormat.WINDOW + outLen];
        int n = BlockDecoder.decode(block, 0, blockLen, out, FrameFormat.WINDOW, FrameFormat.WINDOW,
                out.length, 0);
        return Arrays.copyOfRange(out, FrameFormat.WINDOW, FrameFormat.WINDOW + n);
    }

    @Test
    void decodesFastAndHighCompressionBlocks() throws Lz4FormatException {
        byte[] data = TestData.concat(TestData.compressible(300_000, 1), TestData.random(5000, 2));
        for (LZ4Compressor c : new LZ4Compressor[] {LZ4Factory.fastestInstance().fastCompressor(),
            LZ4Factory.fastestInstance().highCompressor(12)}) {
            byte[] block = c.compress(data);
            assertThat(decode(block, block.length, data.length)).isEqualTo(data);
        }
    }

    @Test
    void decodesOverlappingMatchesOfEveryShortPeriod() throws Lz4FormatException {
        for (int period = 1; period <= 40; period++) {
            byte[] data = new byte[10_000 + period];
            byte[] unit = TestData.random(period, period);
            for (int i = 0; i < data.length; i++) {
                data[i] = unit[i % period];
            }
            byte[] block = LZ4Factory.fastestInstance().highCompressor(9).compress(data);
            assertThat(block.length).isLessThan(200);
            assertThat(decode(block, block.length, data.length)).as("period " + period).isEqualTo(data);
        }
    }

    @Test
    void rejectsOutOfBoundsInsteadOfThrowingIndexErrors() {
        byte[] data = TestData.compressible(100_000, 3);
        byte[] block = LZ4Factory.fastestInstance().fastCompressor().compress(data);
        // output limit one byte short
        assertThatThrownBy(() -> decode(block, block.length, data.length - 1))
                .isInstanceOf(Lz4FormatException.class).hasMessageContaining("overflow");
        // truncated input
        assertThatThrownBy(() -> decode(block, block.length / 2, data.length))
                .isInstanceOf(Lz4FormatException.class).hasMessageStartingWith("corrupt LZ4 block at byte 0 (+");
        // a match reaching before the start (no history): token 0x00 literals 0, offset 1
        assertThatThrownBy(() -> decode(new byte[] {0x00, 0x01, 0x00}, 3, 100))
                .isInstanceOf(Lz4FormatException.class)
                .hasMessage("corrupt LZ4 block at byte 0 (+1): match offset 1 reaches before the 0 bytes of history");
        assertThatThrownBy(() -> decode(new byte[0], 0, 100))
                .isInstanceOf(Lz4FormatException.class).hasMessageContaining("sequence token was expected");
    }

    @Test
    void matchesMayReachIntoTheHistory() throws Lz4FormatException {
        byte[] out = new byte[FrameFormat.WINDOW + 100];
        byte[] hist = "0123456789".getBytes();
        System.arraycopy(hist, 0, out, FrameFormat.WINDOW - 10, 10);
        // token: 1 literal 'x', match length 4+6=10, offset 11 -> copies "0123456789"; then 1 final literal 'y'
        byte[] block = {0x16, 'x', 11, 0, 0x10, 'y'};
        int n = BlockDecoder.decode(block, 0, block.length, out, FrameFormat.WINDOW - 10, FrameFormat.WINDOW,
                out.length, 0);
        assertThat(new String(out, FrameFormat.WINDOW, n)).isEqualTo("x0123456789y");
    }
}
