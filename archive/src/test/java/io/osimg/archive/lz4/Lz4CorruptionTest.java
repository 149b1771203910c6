package io.osimg.archive.lz4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Corrupt and truncated input ends in {@link Lz4FormatException} with a message that says what and where. */
class Lz4CorruptionTest {

    private static final Lz4Options KB64 = Lz4Options.defaults().withBlockSize(BlockSize.KB64);

    @Test
    void corruptByteInAStoredBlockFailsTheContentChecksum() throws IOException {
        byte[] data = TestData.random(100_000, 1);
        byte[] frame = TestData.encode(data, KB64);
        int contentChecksumAt = frame.length - 4;
        int stored = FrameFormat.intLe(frame, contentChecksumAt);
        frame[5000] ^= 1; // inside the first block, which is stored uncompressed
        Throwable thrown = catchThrowable(() -> TestData.decode(frame));
        assertThat(thrown).isInstanceOf(Lz4ChecksumException.class)
                .hasMessageStartingWith("LZ4 content checksum mismatch at byte " + contentChecksumAt
                        + ": frame stores 0x" + String.format("%08x", stored) + ", data hashes to 0x");
        Lz4ChecksumException e = (Lz4ChecksumException) thrown;
        assertThat(e.expected()).isEqualTo(stored);
        assertThat(e.actual()).isNotEqualTo(stored);
    }

    @Test
    void corruptByteInABlockFailsTheBlockChecksum() throws IOException {
        byte[] frame = TestData.encode(TestData.compressible(200_000, 2), KB64.withBlockChecksum(true));
        int size = FrameFormat.intLe(frame, 7) & 0x7FFFFFFF;
        frame[11 + size / 2] ^= 0x40;
        assertThatThrownBy(() -> TestData.decode(frame))
                .isInstanceOf(Lz4ChecksumException.class)
                .hasMessageStartingWith("LZ4 block checksum mismatch at byte " + (11 + size) + ": frame stores 0x");
    }

    @Test
    void corruptCompressedBlockWithoutChecksumsIsAFormatError() throws IOException {
        byte[] frame = TestData.encode(TestData.compressible(200_000, 3), KB64.withContentChecksum(false));
        // a match offset far beyond the history: make the first sequence of the first block invalid
        frame[11] = (byte) 0x0F; // token: no literals, long match -> offset from the first two bytes, no history
        assertThatThrownBy(() -> TestData.decode(frame))
                .isInstanceOf(Lz4FormatException.class)
                .hasMessageStartingWith("corrupt LZ4 block at byte 11 ");
    }

    @Test
    void corruptHeaderChecksum() throws IOException {
        byte[] frame = TestData.encode(TestData.compressible(1000, 4), Lz4Options.defaults());
        int stored = frame[6] & 0xFF;
        frame[6] ^= (byte) 0xFF;
        assertThatThrownBy(() -> TestData.decode(frame))
                .isInstanceOf(Lz4ChecksumException.class)
                .hasMessage(String.format("LZ4 header checksum mismatch at byte 6: frame stores 0x%08x, "
                        + "data hashes to 0x%08x", stored ^ 0xFF, stored));
    }

    @Test
    void corruptContentChecksum() throws IOException {
        byte[] frame = TestData.encode(TestData.compressible(300_000, 5), Lz4Options.defaults());
        frame[frame.length - 1] ^= 0x10;
        assertThatThrownBy(() -> TestData.decode(frame))
                .isInstanceOf(Lz4ChecksumException.class)
                .hasMessageStartingWith("LZ4 content checksum mismatch at byte " + (frame.length - 4));
    }

    @Test
    void truncatedBlockSaysHowMuchWasAnnouncedAndPresent() throws IOException {
        byte[] full = TestData.encode(TestData.random(5_000_000, 6), Lz4Options.defaults());
        byte[] cut = Arrays.copyOf(full, 7 + 4 + 1000);
        assertThatThrownBy(() -> TestData.decode(cut))
                .isInstanceOf(Lz4FormatException.class)
                .hasMessage("truncated LZ4 frame at byte 11: block of 4194304 bytes announced, 1000 present");
    }

    @Test
    void truncationBeforeEndMarkAndInsideTheContentChecksum() throws IOException {
        byte[] full = TestData.encode(TestData.compressible(100_000, 7), Lz4Options.defaults());
        byte[] noEndMark = Arrays.copyOf(full, full.length - 8);
        assertThatThrownBy(() -> TestData.decode(noEndMark))
                .isInstanceOf(Lz4FormatException.class)
                .hasMessage("truncated LZ4 frame at byte " + (full.length - 8) + ": block size of 4 bytes expected, "
                        + "0 present");
        byte[] halfChecksum = Arrays.copyOf(full, full.length - 2);
        assertThatThrownBy(() -> TestData.decode(halfChecksum))
                .isInstanceOf(Lz4FormatException.class)
                .hasMessage("truncated LZ4 frame at byte " + (full.length - 4)
                        + ": content checksum of 4 bytes expected, 2 present");
    }

    @Test
    void contentSizeMismatch() throws IOException {
        byte[] frame = headerWithContentSize(TestData.encode(TestData.compressible(70_000, 8), KB64), 70_001);
        assertThatThrownBy(() -> TestData.decode(frame))
                .isInstanceOf(Lz4FormatException.class)
                .hasMessage("corrupt LZ4 frame at byte " + (frame.length - 8)
                        + ": the header of the frame at byte 0 declares 70001 bytes of content, its blocks hold 70000");
        byte[] smaller = headerWithContentSize(TestData.encode(TestData.compressible(70_000, 8), KB64), 65_000);
        assertThatThrownBy(() -> TestData.decode(smaller))
                .isInstanceOf(Lz4FormatException.class)
                .hasMessageContaining("content size in the header is 65000 bytes, blocks hold more (65536 so far)");
    }

    /** Rewrites a frame without content size into one that declares {@code size}. */
    private static byte[] headerWithContentSize(byte[] frame, long size) {
        byte[] out = new byte[frame.length + 8];
        System.arraycopy(frame, 0, out, 0, 6);
        out[4] |= 0x08;
        FrameFormat.putLongLe(out, 6, size);
        out[14] = (byte) FrameFormat.headerChecksum(out, 4, 10);
        System.arraycopy(frame, 7, out, 15, frame.length - 7);
        return out;
    }

    @Test
    void emptyInputAndGarbage() {
        assertThatThrownBy(() -> TestData.decode(new byte[0]))
                .isInstanceOf(Lz4FormatException.class).hasMessage("no LZ4 frame: the input is empty");
        assertThatThrownBy(() -> TestData.decode("hello world".getBytes()))
                .isInstanceOf(Lz4FormatException.class)
                .hasMessage("not an LZ4 frame at byte 0: magic 0x6C6C6568, expected 0x184D2204 or a skippable frame");
    }

    @Test
    void trailingGarbageAfterAFrameIsRejected() throws IOException {
        byte[] frame = TestData.encode(TestData.compressible(1000, 9), Lz4Options.defaults());
        byte[] withTail = TestData.concat(frame, new byte[] {1, 2});
        assertThatThrownBy(() -> TestData.decode(withTail))
                .isInstanceOf(Lz4FormatException.class)
                .hasMessage("truncated LZ4 input at byte " + frame.length
                        + ": frame magic of 4 bytes expected, 2 present");
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() throws IOException {
        byte[] data = TestData.compressible(600_000, 10);
        Random r = new Random(42);
        // linked blocks exercise the Java block decoder, independent ones the native one
        for (Lz4Options opts : new Lz4Options[] {KB64.withContentChecksum(false), KB64}) {
            byte[] frame = TestData.encode(data, opts);
            byte[] linked = linkedCopy(frame);
            for (byte[] original : new byte[][] {frame, linked}) {
                for (int i = 0; i < 300; i++) {
                    byte[] bad = original.clone();
                    int flips = 1 + r.nextInt(4);
                    for (int f = 0; f < flips; f++) {
                        bad[7 + r.nextInt(bad.length - 7)] = (byte) r.nextInt(256);
                    }
                    Throwable t = catchThrowable(() -> TestData.decode(bad));
                    if (t != null) {
                        assertThat(t).isInstanceOf(Lz4FormatException.class);
                    }
                }
            }
        }
    }

    /** The same frame with the block-independence flag cleared: valid, and decoded by the Java decoder. */
    private static byte[] linkedCopy(byte[] frame) {
        byte[] linked = frame.clone();
        linked[4] &= ~0x20;
        linked[6] = (byte) FrameFormat.headerChecksum(linked, 4, 2);
        return linked;
    }

    @Test
    void linkedCopyDecodesToTheSameBytes() throws IOException {
        byte[] data = TestData.compressible(600_000, 10);
        assertThat(TestData.decode(linkedCopy(TestData.encode(data, KB64)))).isEqualTo(data);
    }
}
