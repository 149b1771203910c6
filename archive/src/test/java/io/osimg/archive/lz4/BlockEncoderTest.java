package io.osimg.archive.lz4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Blocks that do not compress are stored without the HC search; the others are compressed as before. */
class BlockEncoderTest {

    private static final int BLOCK = BlockSize.MB4.bytes();
    private static final Lz4Options LEVEL9 = Lz4Options.defaults().withThreads(1);

    @Test
    void aRandomBlockIsStoredWithoutTheSearch() {
        BlockEncoder encoder = new BlockEncoder(LEVEL9);
        byte[] block = TestData.random(BLOCK, 1);
        byte[] out = new byte[encoder.outputCapacity()];
        assertThat(encoder.storesWithoutSearch(block, BLOCK, out)).isTrue();
        int end = encoder.encode(block, BLOCK, out);
        assertThat(end).isEqualTo(4 + BLOCK);
        assertThat(FrameFormat.intLe(out, 0)).isEqualTo(BLOCK | FrameFormat.BLOCK_UNCOMPRESSED);
        assertThat(Arrays.copyOfRange(out, 4, end)).isEqualTo(block);
    }

    @Test
    void aCompressibleBlockIsCompressedWithTheSameBytesAsHcAlone() {
        BlockEncoder encoder = new BlockEncoder(LEVEL9);
        byte[] block = TestData.compressible(BLOCK, 2);
        byte[] out = new byte[encoder.outputCapacity()];
        assertThat(encoder.storesWithoutSearch(block, BLOCK, out)).isFalse();
        int end = encoder.encode(block, BLOCK, out);
        int word = FrameFormat.intLe(out, 0);
        assertThat(word & FrameFormat.BLOCK_UNCOMPRESSED).isZero();
        assertThat(word).isEqualTo(end - 4).isLessThan(BLOCK / 2);
        byte[] hc = new byte[out.length];
        int hcLength = net.jpountz.lz4.LZ4Factory.fastestInstance().highCompressor(9).compress(block, 0, BLOCK, hc, 0);
        assertThat(Arrays.copyOfRange(out, 4, end)).isEqualTo(Arrays.copyOf(hc, hcLength));
    }

    @Test
    void aBlockThatStartsRandomButCompressesLaterIsProbedWholeAndCompressed() {
        BlockEncoder encoder = new BlockEncoder(LEVEL9);
        byte[] block = TestData.random(BLOCK, 3);
        byte[] text = TestData.compressible(BLOCK / 4, 4);
        System.arraycopy(text, 0, block, BLOCK - text.length, text.length);
        byte[] out = new byte[encoder.outputCapacity()];
        assertThat(encoder.storesWithoutSearch(block, BLOCK, out)).isFalse();
        int end = encoder.encode(block, BLOCK, out);
        assertThat(FrameFormat.intLe(out, 0) & FrameFormat.BLOCK_UNCOMPRESSED).isZero();
        assertThat(end - 4).isLessThan(BLOCK - BLOCK / 8);
    }

    @Test
    void theFastLevelsAndShortBlocksAreNotProbed() {
        byte[] block = TestData.random(BLOCK, 5);
        BlockEncoder fast = new BlockEncoder(LEVEL9.withLevel(1));
        byte[] out = new byte[fast.outputCapacity()];
        assertThat(fast.storesWithoutSearch(block, BLOCK, out)).isFalse();
        assertThat(fast.encode(block, BLOCK, out)).as("stored by the size rule").isEqualTo(4 + BLOCK);
        BlockEncoder hc = new BlockEncoder(LEVEL9);
        assertThat(hc.storesWithoutSearch(block, 2 * BlockEncoder.SAMPLE_BYTES - 1, new byte[hc.outputCapacity()]))
                .isFalse();
    }

    @Test
    void aFrameOfStoredAndCompressedBlocksRoundTrips() throws IOException {
        byte[] data = TestData.concat(TestData.random(BLOCK, 6), TestData.compressible(BLOCK, 7),
                TestData.random(BLOCK + 100_000, 8), TestData.compressible(50_000, 9));
        for (int threads : new int[] {1, 2}) {
            byte[] frame = TestData.encode(data, LEVEL9.withThreads(threads));
            assertThat(TestData.decode(frame)).isEqualTo(data);
            assertThat(frame.length).isLessThan(data.length - BLOCK / 2);
        }
    }
}
