package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.install.MachineDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBootloaderConfigTest {

    private static final String CMDLINE = "console=ttyS1,115200n8 root=UUID=root-uuid init=/sbin/init net.ifnames=0 "
            + "biosdevname=0 nvme_core.io_timeout=300";

    @TempDir
    Path root;

    private OsTarget target(OperatingSystem os, OsTarget.Firmware firmware, RecordingChroot chroot) throws Exception {
        OsTarget t = Targets.target(root, Targets.machine());
        return new OsTarget(root, t.allocation(), t.details(), os).withFirmware(firmware).withChroot(chroot);
    }

    @Test
    void debianOnEfiGetsDefaultGrubThenGrubInstallAndUpdateGrub() throws Exception {
        RecordingChroot chroot = new RecordingChroot();
        new WriteBootloaderConfig(null).run(target(OperatingSystem.DEBIAN, OsTarget.Firmware.EFI, chroot));

        assertThat(root.resolve("etc/default/grub")).hasContent("""
                GRUB_DEFAULT=0
                GRUB_TIMEOUT=5
                GRUB_DISTRIBUTOR=metal-debian
                GRUB_CMDLINE_LINUX_DEFAULT=""
                GRUB_CMDLINE_LINUX="%s"
                GRUB_TERMINAL=serial
                GRUB_SERIAL_COMMAND="serial --speed=115200 --unit=1 --word=8"
                """.formatted(CMDLINE));
        assertThat(chroot.argvs()).containsExactly(
                List.of("grub-install", "--target=x86_64-efi", "--efi-directory=/boot/efi", "--boot-directory=/boot",
                        "--bootloader-id=metal-debian", "--removable"),
                WriteBootloaderConfig.uuidLink("root-uuid"),
                List.of("update-grub"));
    }

    @Test
    void aRaidRootGetsItsArrayInTheCommandLineAndGrubInstallNoNvram() throws Exception {
        RecordingChroot chroot = new RecordingChroot(java.util.Map.of("blkid", "/dev/md127\n",
                "mdadm", "MD_UUID=0a7e3c57:1b2f66de:9c1d4e11:5f6a7b8c\n"), List.of());
        OsTarget t = Targets.target(root, Targets.machine());
        MachineDetails raid = new MachineDetails("m-1", List.of(), "pw", "ttyS1,115200n8", true, "root-uuid");
        new WriteBootloaderConfig(null).run(new OsTarget(root, t.allocation(), raid, OperatingSystem.DEBIAN)
                .withChroot(chroot));

        assertThat(root.resolve("etc/default/grub")).content().contains("GRUB_CMDLINE_LINUX=\"" + CMDLINE
                + " rdloaddriver=raid0 rdloaddriver=raid1 rd.md.uuid=0a7e3c57:1b2f66de:9c1d4e11:5f6a7b8c\"\n");
        assertThat(chroot.argvs()).containsExactly(
                List.of("blkid", "-U", "root-uuid"),
                List.of("mdadm", "--detail", "--export", "/dev/md127"),
                List.of("grub-install", "--target=x86_64-efi", "--efi-directory=/boot/efi", "--boot-directory=/boot",
                        "--bootloader-id=metal-debian", "--removable", "--no-nvram"),
                WriteBootloaderConfig.uuidLink("root-uuid"),
                List.of("update-grub"));
    }

    @Test
    void theOverwrittenIdAndAlmaLinuxsGrub2Mkconfig() throws Exception {
        RecordingChroot chroot = new RecordingChroot();
        new WriteBootloaderConfig("my-os").run(target(OperatingSystem.ALMALINUX, OsTarget.Firmware.EFI, chroot));

        assertThat(root.resolve("etc/default/grub")).content().contains("GRUB_DISTRIBUTOR=my-os\n")
                .endsWith("GRUB_DEVICE=UUID=root-uuid\nGRUB_ENABLE_BLSCFG=false\n");
        assertThat(chroot.argvs()).containsExactly(WriteBootloaderConfig.uuidLink("root-uuid"),
                List.of("grub2-mkconfig", "-o", "/boot/efi/EFI/my-os/grub.cfg"));
    }

    @Test
    void whatTheUuidLinkMadeInDevIsRemovedAfterTheConfigIsGenerated() throws Exception {
        RecordingChroot chroot = new RecordingChroot(java.util.Map.of("sh",
                "/dev/disk\n/dev/disk/by-uuid\n/dev/disk/by-uuid/root-uuid\n"), List.of());
        new WriteBootloaderConfig("my-os").run(target(OperatingSystem.ALMALINUX, OsTarget.Firmware.EFI, chroot));

        List<String> removal = WriteBootloaderConfig.removeMade(
                List.of("/dev/disk", "/dev/disk/by-uuid", "/dev/disk/by-uuid/root-uuid"));
        assertThat(removal.subList(4, removal.size()))
                .containsExactly("/dev/disk/by-uuid/root-uuid", "/dev/disk/by-uuid", "/dev/disk");
        assertThat(chroot.argvs()).containsExactly(WriteBootloaderConfig.uuidLink("root-uuid"),
                List.of("grub2-mkconfig", "-o", "/boot/efi/EFI/my-os/grub.cfg"), removal);
    }

    @Test
    void theRemovalTakesAwayTheLinkAndTheDirectoriesItMadeAndNothingElse() throws Exception {
        Path disk = Files.createDirectories(root.resolve("dev/disk"));
        Path byUuid = Files.createDirectories(disk.resolve("by-uuid"));
        Path link = Files.createSymbolicLink(byUuid.resolve("root-uuid"), Path.of("../../md127"));
        Path other = Files.createDirectories(root.resolve("dev/kept"));
        List<String> argv = WriteBootloaderConfig.removeMade(List.of(disk.toString(), byUuid.toString(), link.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(disk).doesNotExist();
        assertThat(other).isDirectory();
    }

    @Test
    void withoutEfiGrubIsNotInstalledAndABadConsoleFails() throws Exception {
        RecordingChroot chroot = new RecordingChroot();
        new WriteBootloaderConfig(null).run(target(OperatingSystem.UBUNTU, new OsTarget.Firmware(false, true), chroot));
        assertThat(root.resolve("etc/default/grub")).content().contains("GRUB_DISTRIBUTOR=metal-ubuntu\n");
        assertThat(chroot.calls).isEmpty();

        OsTarget t = Targets.target(root, Targets.machine());
        OsTarget tty0 = new OsTarget(root, t.allocation(), new MachineDetails("m", List.of(), "pw", "tty0", false, "u"),
                OperatingSystem.DEBIAN);
        assertThatThrownBy(() -> new WriteBootloaderConfig(null).run(tty0))
                .hasMessage("machine-details.yaml: console 'tty0' is no serial console ttyS<port>,<speed>n8");
        assertThat(WriteBootloaderConfig.serial("ttyS0")).containsExactly("0", "115200");
        assertThat(WriteBootloaderConfig.serial("ttyS1,9600n8")).containsExactly("1", "9600");
    }
}
