package io.osimg.core.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextFileTest {

    @TempDir
    Path dir;

    @Test
    void readsUtf8Text() throws IOException {
        Path f = Files.writeString(dir.resolve("m.yaml"), "hostname: grüße\n", StandardCharsets.UTF_8);
        assertThat(TextFile.read(f)).isEqualTo("hostname: grüße\n");
    }

    @Test
    void refusesBinaryNamingTheFirstBadByte() throws IOException {
        Path f = Files.write(dir.resolve("bin"), new byte[] {'a', 'b', (byte) 0xc3, 'x', (byte) 0xff});
        assertThatThrownBy(() -> TextFile.read(f)).isInstanceOf(FileSystemException.class)
                .hasMessage(f + ": not UTF-8 text (byte 2)");
    }

    @Test
    void findsABadByteFarIntoALongText() throws IOException {
        byte[] text = "ü".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        text[150_001] = (byte) 0xfe;
        Path f = Files.write(dir.resolve("long"), text);
        // the byte breaks the sequence that starts one before it
        assertThatThrownBy(() -> TextFile.read(f)).hasMessage(f + ": not UTF-8 text (byte 150000)");
        text[150_001] = (byte) 0xbc;
        assertThat(TextFile.read(Files.write(f, text))).isEqualTo("ü".repeat(100_000));
    }

    @Test
    void refusesAHugeSparseFileBeforeReadingIt() throws IOException {
        Path f = dir.resolve("sparse");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(10L << 30);
        }
        assertThatThrownBy(() -> TextFile.read(f)).isInstanceOf(FileSystemException.class)
                .hasMessage(f + ": too large for a document (10737418240 bytes, at most 16777216)");
    }

    @Test
    void refusesDevicesAndDirectoriesAndSaysWhatIsMissing() {
        assertThatThrownBy(() -> TextFile.read(Path.of("/dev/zero"))).isInstanceOf(FileSystemException.class)
                .hasMessage("/dev/zero: not a regular file (a device, FIFO or socket)");
        assertThatThrownBy(() -> TextFile.read(dir)).isInstanceOf(FileSystemException.class)
                .hasMessage(dir + ": is a directory, not a file");
        assertThatThrownBy(() -> TextFile.read(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileLargerThanItsCapIsRefusedWhileReading() throws IOException {
        Path f = Files.writeString(dir.resolve("big"), "x".repeat(100));
        assertThatThrownBy(() -> TextFile.read(f, 10)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("too large");
    }
}
