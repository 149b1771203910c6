package io.osimg.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadTokenTest {

    @TempDir
    Path dir;

    @Test
    void theTokenIsTheFilesTextWithoutSurroundingWhitespace() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "  s3cret\n");
        UploadToken token = UploadToken.fromFile(file);
        assertThat(token.matches("s3cret")).isTrue();
        assertThat(token.matches("s3cret\n")).isFalse();
        assertThat(token.matches("s3cre")).isFalse();
    }

    @Test
    void aDeviceADirectoryAHugeFileAndBinaryAreRefusedNamingTheFile() throws IOException {
        // /dev/zero was read until the heap ran out
        assertThatThrownBy(() -> UploadToken.fromFile(Path.of("/dev/zero")))
                .isInstanceOf(IOException.class).hasMessageContaining("/dev/zero").hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> UploadToken.fromFile(dir))
                .isInstanceOf(IOException.class).hasMessageContaining(dir.toString()).hasMessageContaining("directory");
        Path sparse = dir.resolve("sparse");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(10L << 30);
        }
        assertThatThrownBy(() -> UploadToken.fromFile(sparse))
                .isInstanceOf(IOException.class).hasMessageContaining(sparse.toString());
        Path binary = Files.write(dir.resolve("binary"), new byte[] {'a', (byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> UploadToken.fromFile(binary))
                .isInstanceOf(IOException.class).hasMessageContaining(binary.toString()).hasMessageContaining("UTF-8");
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertThatThrownBy(() -> UploadToken.fromFile(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
