package io.osimg.install.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** fstab lines as metal-hammer writes them. */
class FstabEntryTest {

    private static DiskLayout.Filesystem fs(DiskLayout.Format format, String path, List<String> options) {
        return new DiskLayout.Filesystem("/dev/sda1", format, path, "x", List.of(), options);
    }

    @Test
    void theEspIsCheckedInPassTwoLikeEveryFileSystemButTheRoot() {
        assertThat(FstabEntry.of(fs(DiskLayout.Format.VFAT, "/boot/efi", List.of()), "B1C2-D3E4").line())
                .isEqualTo("UUID=B1C2-D3E4 /boot/efi vfat defaults 0 2");
        assertThat(FstabEntry.of(fs(DiskLayout.Format.EXT4, "/", List.of()), "r").line())
                .isEqualTo("UUID=r / ext4 defaults 0 1");
        assertThat(FstabEntry.of(fs(DiskLayout.Format.EXT4, "/var/lib", List.of("noatime", "nodev")), "v").line())
                .isEqualTo("UUID=v /var/lib ext4 noatime,nodev 0 2");
    }

    @Test
    void swapIsNeverChecked() {
        assertThat(FstabEntry.of(fs(DiskLayout.Format.SWAP, "", List.of()), "s").line())
                .isEqualTo("UUID=s none swap sw 0 0");
    }
}
