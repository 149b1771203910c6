package io.osimg.image.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritebackOutputStreamTest {
    @TempDir Path dir;

    @Test
    void writesEveryByteInOrderAcrossManyBackgroundFlushes() throws IOException {
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        Path file = dir.resolve("img");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            WritebackOutputStream out = new WritebackOutputStream(ch, 64 << 10);
            for (int off = 0; off < data.length; off += 10_000) {
                out.write(data, off, Math.min(10_000, data.length - off));
            }
            out.write(42);
            ch.force(true);
        }
        byte[] back = Files.readAllBytes(file);
        assertThat(back).hasSize(data.length + 1);
        assertThat(back[data.length]).isEqualTo((byte) 42);
        assertThat(Arrays.copyOf(back, data.length)).isEqualTo(data);
    }

    @Test
    void refusesANonPositiveInterval() throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> new WritebackOutputStream(ch, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        }
    }
}
