package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.install.BootInfo;
import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.core.machine.v2.V2Nic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole task list on synthetic Debian, Ubuntu and AlmaLinux roots, the image's tools recorded. */
class OsInstallerTest {

    private static final String KERNEL = "6.1.0-99";
    private static final MachineDetails DETAILS = new MachineDetails("m-1",
            List.of(V2Nic.of("", "00:03:00:11:11:01", "eth0", List.of(V2Nic.of("", "aa:00", "swp1", List.of())))),
            "pw", "ttyS1,115200n8", false, "root-uuid");

    @TempDir
    Path root;

    private void synthetic(String osRelease, String initrd) throws Exception {
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("usr/lib/os-release"), osRelease);
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nmetal:x:1000:27::/home/metal:/bin/bash\n");
        Files.createDirectories(root.resolve("home/metal"));
        Files.createDirectories(root.resolve("var/tmp"));
        Files.createDirectories(root.resolve("boot"));
        for (String f : List.of("System.map-" + KERNEL, "vmlinuz-" + KERNEL, initrd)) {
            Files.writeString(root.resolve("boot").resolve(f), f);
        }
    }

    private List<String> run(V2Allocation allocation, RecordingChroot chroot, List<String> log) throws Exception {
        return OsInstaller.run(root, allocation, DETAILS, OsTarget.Firmware.EFI, chroot, log::add, "9.9");
    }

    @Test
    void debianRunsEveryTaskInOrder() throws Exception {
        synthetic("ID=debian\n", "initrd.img-" + KERNEL);
        RecordingChroot chroot = new RecordingChroot();
        List<String> log = new ArrayList<>();

        List<String> ran = run(Targets.machine(), chroot, log);

        assertThat(ran).isEqualTo(TaskList.NAMES);
        assertThat(log).first().isEqualTo("osimg's OS installer: debian");
        assertThat(log).last().asString().matches("osimg's OS installer: 19 tasks in [0-9]+\\.[0-9]{2} s");
        assertThat(chroot.argvs()).extracting(List::getFirst).containsExactly("userdel", "useradd", "chpasswd",
                "grub-install", "sh", "update-grub");
        assertThat(BootInfo.fromYaml(Files.readString(root.resolve("etc/metal/boot-info.yaml"))).bootloaderId())
                .isEqualTo("metal-debian");
        assertThat(root.resolve("etc/systemd/network/10-lan0.link")).exists();
        assertThat(root.resolve("etc/frr/frr.conf")).exists();
        assertThat(root.resolve("etc/metal/build-meta.yaml")).content().contains("buildVersion: osimg 9.9\n");
    }

    @Test
    void ubuntuAndAlmaLinuxDifferInTheirOwnWays() throws Exception {
        synthetic("NAME=\"AlmaLinux\"\nID=\"almalinux\"\n", "initramfs-" + KERNEL + ".img");
        RecordingChroot chroot = new RecordingChroot();

        run(Targets.machine(), chroot, new ArrayList<>());

        assertThat(chroot.argvs()).contains(List.of("useradd", "--create-home", "--uid", "1000", "--gid", "wheel",
                "--shell", "/bin/bash", "metal"), List.of("grub2-mkconfig", "-o", "/boot/efi/EFI/almalinux/grub.cfg"));
        assertThat(BootInfo.fromYaml(Files.readString(root.resolve("etc/metal/boot-info.yaml"))).initrd())
                .isEqualTo("/boot/initramfs-" + KERNEL + ".img");

        Files.writeString(root.resolve("usr/lib/os-release"), "ID=ubuntu\n");
        Files.writeString(root.resolve("boot/initrd.img-" + KERNEL), "initrd");
        run(Targets.machine(), new RecordingChroot(), new ArrayList<>());
        assertThat(root.resolve("etc/default/grub")).content().contains("GRUB_DISTRIBUTOR=metal-ubuntu\n");
    }

    @Test
    void osInstallerYamlChoosesTasksForcesTheOsAndOverwritesTheBootloaderId() throws Exception {
        synthetic("ID=debian\n", "initrd.img-" + KERNEL);
        Files.createDirectories(root.resolve("etc/metal"));
        Files.writeString(root.resolve("etc/metal/os-installer.yaml"), """
                os_name: ubuntu
                only: [write hostname, write /etc/metal/boot-info.yaml, write booatloader config]
                except: [write booatloader config]
                overwrites:
                  bootloader_id: my-os
                """);
        List<String> log = new ArrayList<>();

        List<String> ran = run(Targets.machine(), new RecordingChroot(), log);

        assertThat(ran).containsExactly("write hostname", "write /etc/metal/boot-info.yaml");
        assertThat(log).contains("osimg's OS installer: ubuntu (os-installer.yaml)",
                "skipping task 'create metal user' (os-installer.yaml)");
        assertThat(BootInfo.fromYaml(Files.readString(root.resolve("etc/metal/boot-info.yaml"))).bootloaderId())
                .isEqualTo("my-os");
        assertThat(root.resolve("etc/default/grub")).doesNotExist();
    }

    @Test
    void aFirewallWithoutFrrStopsAtConfigureNetworkAndAnUnknownOsOrBadYamlFailNamingTheFile() throws Exception {
        synthetic("ID=debian\n", "initrd.img-" + KERNEL);
        assertThatThrownBy(() -> run(Targets.firewall(), new RecordingChroot(), new ArrayList<>()))
                .isInstanceOfSatisfying(OsTaskException.class, e -> assertThat(e.task()).isEqualTo("configure network"))
                .hasMessageStartingWith("OS installer task 'configure network' failed: unable to detect frr version");

        Files.writeString(root.resolve("usr/lib/os-release"), "ID=arch\n");
        assertThatThrownBy(() -> run(Targets.machine(), new RecordingChroot(), new ArrayList<>()))
                .hasMessage(root + ": operating system 'arch' is not installable by osimg (debian, ubuntu, almalinux)");

        Files.createDirectories(root.resolve("etc/metal"));
        Files.writeString(root.resolve("etc/metal/os-installer.yaml"), "only: [write the kernel]\n");
        assertThatThrownBy(() -> run(Targets.machine(), new RecordingChroot(), new ArrayList<>()))
                .hasMessage(root + ": only: 'write the kernel' is no task of the OS installer");
    }
}
