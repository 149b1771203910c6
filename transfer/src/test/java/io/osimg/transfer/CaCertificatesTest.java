package io.osimg.transfer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading CA files; a certificate that parses is read in {@link FetcherTlsIT} (made there with openssl). */
class CaCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void aFileWithoutACertificateIsRefusedNamingIt() throws IOException {
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> CaCertificates.read(key))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(key + ": not a PEM certificate (");
    }

    @Test
    void anEmptyFileIsRefusedNamingIt() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.pem"));

        assertThatThrownBy(() -> CaCertificates.read(empty))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(empty + ": not a PEM certificate");
    }

    @Test
    @Timeout(30)
    void aDeviceIsRefusedBeforeReadingIt() {
        assertThatThrownBy(() -> CaCertificates.read(Path.of("/dev/zero"))).isInstanceOf(FileSystemException.class)
                .hasMessage("/dev/zero: not a regular file (a device, FIFO or socket)");
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> CaCertificates.read(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessage(missing.toString());
    }

    @Test
    void optionsKeepAnImmutableCopyAndDefaultToNone() {
        assertThat(TransferOptions.defaults().caCertificates()).isEmpty();
        assertThatThrownBy(() -> TransferOptions.defaults().withCaCertificates(null))
                .isInstanceOf(NullPointerException.class);
    }
}
