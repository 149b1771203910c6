package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.install.BootInfo;
import io.osimg.core.install.MachineDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBootInfoTest {

    @TempDir
    Path root;

    private OsTarget withKernel(OperatingSystem os, String initrd) throws Exception {
        Files.createDirectories(root.resolve("boot"));
        Files.writeString(root.resolve("boot/System.map-6.12.48+deb13-amd64"), "map");
        Files.writeString(root.resolve("boot/vmlinuz-6.12.48+deb13-amd64"), "kernel");
        Files.writeString(root.resolve("boot").resolve(initrd), "initrd");
        OsTarget t = Targets.target(root, Targets.machine());
        return new OsTarget(root, t.allocation(), t.details(), os);
    }

    @Test
    void debianBootsItsOneKernelWithOsInstallersCommandLine() throws Exception {
        new WriteBootInfo(null).run(withKernel(OperatingSystem.DEBIAN, "initrd.img-6.12.48+deb13-amd64"));

        Path file = root.resolve("etc/metal/boot-info.yaml");
        assertThat(BootInfo.fromYaml(Files.readString(file))).isEqualTo(new BootInfo(
                "/boot/vmlinuz-6.12.48+deb13-amd64", "/boot/initrd.img-6.12.48+deb13-amd64",
                "console=ttyS1,115200n8 root=UUID=root-uuid init=/sbin/init net.ifnames=0 biosdevname=0 "
                        + "nvme_core.io_timeout=300", "metal-debian"));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void almaLinuxHasItsInitramfsAndTheOverwrittenBootloaderId() throws Exception {
        new WriteBootInfo("my-os").run(withKernel(OperatingSystem.ALMALINUX, "initramfs-6.12.48+deb13-amd64.img"));
        BootInfo info = BootInfo.fromYaml(Files.readString(root.resolve("etc/metal/boot-info.yaml")));
        assertThat(info.initrd()).isEqualTo("/boot/initramfs-6.12.48+deb13-amd64.img");
        assertThat(info.bootloaderId()).isEqualTo("my-os");
    }

    @Test
    void aMissingRamdiskOrTwoKernelsFail() throws Exception {
        OsTarget t = withKernel(OperatingSystem.UBUNTU, "initramfs-6.12.48+deb13-amd64.img");
        assertThatThrownBy(() -> new WriteBootInfo(null).run(t))
                .hasMessage("ramdisk /boot/initrd.img-6.12.48+deb13-amd64 not found");
        Files.writeString(root.resolve("boot/System.map-6.1.0"), "map");
        assertThatThrownBy(() -> new WriteBootInfo(null).run(t)).hasMessageStartingWith("no single /boot/System.map-*");
    }

    @Test
    void aRootOnRaidBootsWithItsArrayUuid() throws Exception {
        OsTarget t = withKernel(OperatingSystem.DEBIAN, "initrd.img-6.12.48+deb13-amd64");
        MachineDetails raid = new MachineDetails("m", List.of(), "pw", "ttyS0", true, "u");
        OsTarget target = new OsTarget(root, t.allocation(), raid, t.os()).withChroot((argv, stdin, dir) ->
                switch (String.join(" ", argv)) {
                    case "blkid -U u" -> "/dev/md127\n";
                    case "mdadm --detail --export /dev/md127" -> "MD_LEVEL=raid1\nMD_UUID=1:2:3:4\n";
                    default -> throw new java.io.IOException(argv + " exited with 1");
                });
        new WriteBootInfo(null).run(target);
        assertThat(BootInfo.fromYaml(Files.readString(root.resolve("etc/metal/boot-info.yaml"))).cmdline()).isEqualTo(
                "console=ttyS0 root=UUID=u init=/sbin/init net.ifnames=0 biosdevname=0 nvme_core.io_timeout=300 "
                        + "rdloaddriver=raid0 rdloaddriver=raid1 rd.md.uuid=1:2:3:4");
    }
}
