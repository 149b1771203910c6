package io.osimg.install.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MountTableTest {

    @Test
    void mountPointsBelowADirectoryByComponentWithEscapesDecoded(@TempDir Path dir) throws IOException {
        Path info = Files.writeString(dir.resolve("mountinfo"), """
                22 1 0:21 / / rw,relatime - ext4 /dev/sda2 rw
                41 22 0:38 / /rootfs/proc rw,relatime - proc proc rw
                42 22 0:21 / /rootfs/sys rw,relatime - sysfs sysfs rw
                43 42 0:40 / /rootfs/sys/firmware/efi/efivars rw - efivarfs efivarfs rw
                44 22 0:6 / /rootfs2/dev rw - devtmpfs devtmpfs rw
                45 22 0:7 / /rootfs/my\\040dir rw - tmpfs tmpfs rw
                """);

        assertThat(MountTable.mountsUnder(info, Path.of("/rootfs"))).containsExactly(Path.of("/rootfs/proc"),
                Path.of("/rootfs/sys"), Path.of("/rootfs/sys/firmware/efi/efivars"), Path.of("/rootfs/my dir"));
        assertThat(MountTable.mountsUnder(info, Path.of("/rootfs/sys"))).hasSize(2);
        assertThat(MountTable.mountsUnder(info, Path.of("/rootfs/dev"))).isEmpty();
    }
}
