package io.osimg.image.ramdisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelModulesTest {
    @TempDir
    Path dir;

    private void modulesDir() throws IOException {
        Files.writeString(dir.resolve("modules.dep"), """
                kernel/fs/ext4/ext4.ko: kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko kernel/lib/crc16.ko
                kernel/fs/mbcache.ko:
                kernel/fs/jbd2/jbd2.ko: kernel/lib/crc16.ko
                kernel/lib/crc16.ko:
                kernel/drivers/md/dm-mod.ko:
                kernel/drivers/net/e1000/e1000.ko:
                """);
        Files.writeString(dir.resolve("modules.builtin"), "kernel/net/packet/af_packet.ko\nkernel/fs/vfat/vfat.ko\n");
    }

    @Test
    void resolvesDependenciesBuiltinsAndEitherSpelling() throws IOException {
        modulesDir();
        KernelModules m = KernelModules.resolve(dir, List.of("ext4", "dm_mod", "vfat"));
        assertThat(m.files()).containsExactly("kernel/drivers/md/dm-mod.ko", "kernel/fs/ext4/ext4.ko",
                "kernel/fs/jbd2/jbd2.ko", "kernel/fs/mbcache.ko", "kernel/lib/crc16.ko");
        assertThat(m.builtin()).containsExactly("vfat");
        assertThat(m.modulesDep()).isEqualTo("""
                kernel/drivers/md/dm-mod.ko:
                kernel/fs/ext4/ext4.ko: kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko kernel/lib/crc16.ko
                kernel/fs/jbd2/jbd2.ko: kernel/lib/crc16.ko
                kernel/fs/mbcache.ko:
                kernel/lib/crc16.ko:
                """);
    }

    @Test
    void anUnknownModuleIsNamed() throws IOException {
        modulesDir();
        assertThatThrownBy(() -> KernelModules.resolve(dir, List.of("ext4", "nvme")))
                .hasMessageStartingWith("kernel module nvme: neither in ").hasMessageEndingWith("nor built in (modules.builtin)");
        assertThatThrownBy(() -> KernelModules.resolve(dir.resolve("none"), List.of("ext4")))
                .hasMessageContaining("is the kernel's package installed");
    }

    @Test
    void theInstallersModulesAreAllInTheBuildMachinesKernel() throws IOException {
        Path boot = Path.of("/boot");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(boot), "no /boot");
        String version = RamdiskBuilder.newestKernel(Path.of("/"));
        KernelModules m = KernelModules.resolve(Path.of("/lib/modules", version), KernelModules.INSTALLER);
        assertThat(m.files()).anyMatch(f -> f.endsWith("/virtio_blk.ko")).anyMatch(f -> f.endsWith("/ext4.ko"))
                .anyMatch(f -> f.endsWith("/nvme.ko")).anyMatch(f -> f.endsWith("/md-mod.ko"))
                .anyMatch(f -> f.endsWith("/raid1.ko")).anyMatch(f -> f.endsWith("/dm-mod.ko"))
                .anyMatch(f -> f.endsWith("/dm-raid.ko"));
    }
}
