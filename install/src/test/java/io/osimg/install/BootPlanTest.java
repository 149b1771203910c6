package io.osimg.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootPlanTest {

    @TempDir
    Path dir;

    @Test
    void copiesKernelAndInitrdOutAndRefusesALink() throws IOException {
        byte[] kernel = {0x4d, 0x5a, 0, 1, 2, (byte) 0xff};
        Files.write(dir.resolve("vmlinuz-6.1"), kernel);
        Files.write(dir.resolve("initrd.img-6.1"), new byte[] {9, 8, 7});
        BootPlan plan = new BootPlan(dir.resolve("vmlinuz-6.1"), dir.resolve("initrd.img-6.1"), "root=UUID=x");

        BootPlan copied = plan.copyTo(dir.resolve("out"));
        assertThat(copied.kernel()).isEqualTo(dir.resolve("out/kernel")).hasBinaryContent(kernel);
        assertThat(copied.initrd()).isEqualTo(dir.resolve("out/initrd")).hasBinaryContent(new byte[] {9, 8, 7});
        assertThat(copied.cmdline()).isEqualTo("root=UUID=x");
        assertThat(new BootPlan(dir.resolve("vmlinuz-6.1"), null, "").copyTo(dir.resolve("out2")).initrd()).isNull();

        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("vmlinuz-6.1"));
        assertThatThrownBy(() -> new BootPlan(dir.resolve("link"), null, "").copyTo(dir.resolve("out3")))
                .isInstanceOf(IOException.class).hasMessageContaining("copying the kernel " + dir.resolve("link"));
    }
}
