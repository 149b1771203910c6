package io.osimg.archive.lz4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A frame whose content size is written into the header up front (no patching). */
class Lz4KnownSizeTest {

    @Test
    void headerCarriesTheSizeAndTheFrameDecodes() throws Exception {
        byte[] data = new byte[5_000_000];
        new Random(7).nextBytes(data);
        for (int i = 0; i < data.length; i += 3) {
            data[i] = 0;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Lz4FrameOutputStream lz4 = Lz4FrameOutputStream.withContentSize(out, Lz4Options.defaults(), data.length)) {
            lz4.write(data, 0, 1234);
            lz4.write(data, 1234, data.length - 1234);
        }
        byte[] frame = out.toByteArray();
        assertThat(frame[4] & 0x08).as("FLG content-size bit").isEqualTo(0x08);
        long size = 0;
        for (int i = 0; i < 8; i++) {
            size |= (frame[6 + i] & 0xffL) << (8 * i);
        }
        assertThat(size).isEqualTo(data.length);
        try (Lz4FrameInputStream in = new Lz4FrameInputStream(new ByteArrayInputStream(frame))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void writingMoreOrLessThanAnnouncedFails() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Lz4FrameOutputStream shortOne = Lz4FrameOutputStream.withContentSize(out, Lz4Options.defaults(), 100);
        shortOne.write(new byte[99]);
        assertThatThrownBy(shortOne::close).isInstanceOf(IOException.class)
                .hasMessageContaining("announced 100 bytes").hasMessageContaining("99 were written");
        Lz4FrameOutputStream longOne = Lz4FrameOutputStream.withContentSize(new ByteArrayOutputStream(), Lz4Options.defaults(), 10);
        longOne.write(new byte[11]);
        assertThatThrownBy(longOne::close).isInstanceOf(IOException.class).hasMessageContaining("11 were written");
        assertThatThrownBy(() -> Lz4FrameOutputStream.withContentSize(out, Lz4Options.defaults(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
