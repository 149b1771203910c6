package io.osimg.install.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths of boot-info.yaml resolve inside the image as the image sees them, and never leave it. */
class ImagePathTest {

    @TempDir
    Path dir;

    @Test
    void followsLinksInsideTheImageAndRefusesEscapes() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
        Files.createDirectories(root.resolve("boot"));
        Files.write(root.resolve("boot/vmlinuz-6.1"), new byte[] {0x4d, 0x5a});
        Files.write(root.resolve("boot/initrd.img-6.1"), new byte[] {9, 8, 7});
        Files.createSymbolicLink(root.resolve("vmlinuz"), Path.of("/boot/vmlinuz-6.1"));
        Files.writeString(dir.resolve("secret"), "host secret");
        Files.createSymbolicLink(root.resolve("boot/escape"), Path.of("../../secret"));

        assertThat(ImagePath.resolveFile(root, "/vmlinuz", "kernel")).isEqualTo(root.resolve("boot/vmlinuz-6.1"));
        assertThat(ImagePath.resolveFile(root, "boot/initrd.img-6.1", "initrd")).isEqualTo(root.resolve("boot/initrd.img-6.1"));
        assertThatThrownBy(() -> ImagePath.resolveFile(root, "/boot/escape", "kernel"))
                .isInstanceOf(IOException.class).hasMessageContaining("kernel /boot/escape escapes the image root");
        assertThatThrownBy(() -> ImagePath.resolveFile(root, "../../../secret", "initrd"))
                .isInstanceOf(IOException.class).hasMessageContaining("initrd ../../../secret escapes the image root");
    }
}
