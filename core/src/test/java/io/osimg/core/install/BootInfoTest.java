package io.osimg.core.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BootInfoTest {

    @Test
    void roundTrip() {
        String yaml = """
                ---
                initrd: boot/initrd.img-6.1.0-26-amd64
                cmdline: console=ttyS1,115200n8 root=UUID=543eb7f8-98d4-d986-e669-824dbebe69e5 init=/sbin/init net.ifnames=0
                kernel: boot/vmlinuz-6.1.0-26-amd64
                bootloader_id: metal-debian
                """;
        BootInfo info = BootInfo.fromYaml(yaml);
        assertThat(info).isEqualTo(new BootInfo("boot/vmlinuz-6.1.0-26-amd64", "boot/initrd.img-6.1.0-26-amd64",
                "console=ttyS1,115200n8 root=UUID=543eb7f8-98d4-d986-e669-824dbebe69e5 init=/sbin/init net.ifnames=0",
                "metal-debian"));
        assertThat(info.toYaml()).isEqualTo(yaml.substring("---\n".length()));
        assertThat(BootInfo.fromYaml(info.toYaml())).isEqualTo(info);
    }

    @Test
    void initrdMayBeAbsentKernelMayNot() {
        BootInfo info = BootInfo.fromYaml("kernel: /boot/vmlinuz\ncmdline: quiet\n");
        assertThat(info.initrd()).isEmpty();
        assertThat(info.bootloaderId()).isEmpty();
        assertThat(info.toYaml()).isEqualTo("initrd: \"\"\ncmdline: quiet\nkernel: /boot/vmlinuz\nbootloader_id: \"\"\n");
        assertThatThrownBy(() -> BootInfo.fromYaml("initrd: x\n")).hasMessage("boot-info.yaml: kernel is missing");
    }

    @Test
    void kernelCmdline() {
        KernelCmdline c = KernelCmdline.parse("BOOT_IMAGE=/vmlinuz quiet console=tty0 console=ttyS1,115200n8 x=\"a b\"");
        assertThat(c.console()).isEqualTo("ttyS1,115200n8");
        assertThat(c.value("quiet")).contains("");
        assertThat(c.value("x")).contains("a b");
        assertThat(KernelCmdline.parse("\n").console()).isEqualTo("ttyS0");
    }
}
