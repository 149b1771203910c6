package io.osimg.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.archive.lz4.Lz4Options;
import io.osimg.core.store.Channel;
import io.osimg.image.lint.Finding;
import io.osimg.image.lint.Linter;
import io.osimg.image.lint.Verdict;
import io.osimg.store.publish.DirectoryPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code osimg lint} on built images: which contract age an image follows, and what osimg's OS installer needs in
 * a scriptless one (os-release ID, useradd, chpasswd, bootloader, one kernel with its initrd), rule by rule.
 */
class OsInstallerLintIT {

    private static final List<String> NEEDS = List.of("os-installer-os", "os-installer-useradd",
            "os-installer-chpasswd", "os-installer-bootloader", "os-installer-kernel");

    Path work;
    int builds;
    int releases;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-os-installer-lint-it");
    }

    @AfterEach
    void tearDown() throws Exception {
        TreeSnapshot.sh(Path.of("/"), "rm -rf '" + work + "'");
    }

    @Test
    void aCompleteScriptlessDebianPassesEveryNeedAndIsThe2026Contract() throws Exception {
        Path root = debianRoot("debian", true);

        Map<String, Finding> f = lint(root);

        assertThat(f.get("contract-age").verdict()).isEqualTo(Verdict.PASS);
        assertThat(f.get("contract-age").message()).startsWith("2026 contract: no install script;");
        for (String id : NEEDS) {
            assertThat(f.get(id).verdict()).as(id + ": " + f.get(id).message()).isEqualTo(Verdict.PASS);
        }
        assertThat(f.get("os-installer-os").message()).isEqualTo("OS 'debian'");
        assertThat(f.get("os-installer-useradd").message()).isEqualTo("/usr/sbin/useradd");
        assertThat(f.get("os-installer-bootloader").message()).isEqualTo("/usr/sbin/grub-install with EFI modules");
        assertThat(f.get("os-installer-kernel").message())
                .isEqualTo("kernel 6.1.0-50-amd64: /boot/vmlinuz-6.1.0-50-amd64, /boot/initrd.img-6.1.0-50-amd64");
        assertThat(f.get("install-script").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aScriptlessImageLackingWhatTheTasksNeedFailsRuleByRule() throws Exception {
        Path root = debianRoot("gentoo", false);
        Files.delete(root.resolve("usr/sbin/chpasswd"));
        Files.delete(root.resolve("boot/initrd.img-6.1.0-50-amd64"));

        Map<String, Finding> f = lint(root);

        assertThat(f.get("os-installer-os").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(f.get("os-installer-os").message()).startsWith("OS 'gentoo' is not one osimg's OS installer knows"
                + " (debian, ubuntu, almalinux)");
        assertThat(f.get("os-installer-useradd").verdict()).isEqualTo(Verdict.PASS);
        assertThat(f.get("os-installer-chpasswd").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(f.get("os-installer-chpasswd").message()).startsWith("no executable chpasswd in /usr/sbin");
        assertThat(f.get("os-installer-bootloader").verdict()).isEqualTo(Verdict.WARN);
        assertThat(f.get("os-installer-bootloader").message()).startsWith("no grub-install (package grub-efi-amd64");
        assertThat(f.get("os-installer-kernel").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(f.get("os-installer-kernel").message())
                .isEqualTo("kernel 6.1.0-50-amd64 has no /boot/initrd.img-6.1.0-50-amd64");
    }

    @Test
    void whatOsInstallerYamlLeavesOutIsNotNeededAndIdLikeNamesTheOs() throws Exception {
        Path root = debianRoot("osimg-demo", false);
        write(root, "etc/os-release", "ID=osimg-demo\nID_LIKE=debian\n", "rw-r--r--");
        Files.delete(root.resolve("usr/sbin/useradd"));
        Files.delete(root.resolve("usr/sbin/chpasswd"));
        Files.delete(root.resolve("boot/System.map-6.1.0-50-amd64"));
        write(root, "etc/metal/os-installer.yaml", "only:\n  - write hostname\n  - write /etc/hosts\n", "rw-r--r--");

        Map<String, Finding> f = lint(root);

        for (String id : NEEDS) {
            assertThat(f.get(id).verdict()).as(id + ": " + f.get(id).message()).isEqualTo(Verdict.PASS);
        }
        assertThat(f.get("os-installer-os").message()).isEqualTo("OS 'debian'");
        assertThat(f.get("os-installer-useradd").message())
                .isEqualTo("not needed: /etc/metal/os-installer.yaml leaves out the task 'create metal user'");
        assertThat(f.get("os-installer-kernel").message()).isEqualTo("not needed: /etc/metal/os-installer.yaml leaves "
                + "out the task 'write /etc/metal/boot-info.yaml'");

        Path except = debianRoot("debian", false);
        Files.delete(except.resolve("usr/sbin/chpasswd"));
        write(except, "etc/metal/os-installer.yaml", "except: [write booatloader config]\n", "rw-r--r--");
        Map<String, Finding> g = lint(except);
        assertThat(g.get("os-installer-chpasswd").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(g.get("os-installer-bootloader").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void osInstallerYamlOsNameOverridesOsReleaseAndAlmaLinuxNeedsItsOwnInitrdAndGrub2() throws Exception {
        Path root = debianRoot("rocky", false);
        write(root, "etc/metal/os-installer.yaml", "---\nos_name: almalinux\n", "rw-r--r--");
        Files.delete(root.resolve("boot/initrd.img-6.1.0-50-amd64"));
        write(root, "boot/initramfs-6.1.0-50-amd64.img", "initramfs", "rw-r--r--");
        write(root, "usr/sbin/grub2-mkconfig", "#!/bin/sh\n", "rwxr-xr-x");

        Map<String, Finding> f = lint(root);

        assertThat(f.get("os-installer-os").message()).isEqualTo("OS 'almalinux'");
        assertThat(f.get("os-installer-bootloader").message()).isEqualTo("/usr/sbin/grub2-mkconfig");
        assertThat(f.get("os-installer-kernel").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void anImageWithInstallShIsTheOldContractAndNeedsNothingOfTheOsInstaller() throws Exception {
        Path root = debianRoot("gentoo", false);
        write(root, "install.sh", "#!/bin/sh\nexit 0\n", "rwxr-xr-x");
        Files.createDirectories(root.resolve("bin"));
        write(root, "bin/sh", "sh", "rwxr-xr-x");
        Files.delete(root.resolve("usr/sbin/useradd"));

        Map<String, Finding> f = lint(root);

        assertThat(f.get("contract-age").message()).isEqualTo("old contract: /install.sh configures the image at"
                + " install (metal-hammer before 2026, osimg install)");
        for (String id : NEEDS) {
            assertThat(f.get(id).verdict()).as(id).isEqualTo(Verdict.PASS);
            assertThat(f.get(id).message()).isEqualTo("not needed: the image's /install.sh configures it (old contract)");
        }
    }

    @Test
    void theDebootstrapKernelRootIsAScriptlessImageOsimgsTasksCanConfigure() throws Exception {
        Path tarball = Path.of("/var/tmp/osimg-cache/debian-bookworm-kernel.tar");
        Assumptions.assumeTrue(Files.isRegularFile(tarball), "no " + tarball + " (scripts/debian-rootfs --variant kernel)");

        Map<String, Finding> f = lint(tarball);

        assertThat(f.get("contract-age").message()).startsWith("2026 contract");
        assertThat(f.get("os-installer-os").message()).isEqualTo("OS 'debian'");
        assertThat(f.get("os-installer-useradd").verdict()).isEqualTo(Verdict.PASS);
        assertThat(f.get("os-installer-chpasswd").verdict()).isEqualTo(Verdict.PASS);
        assertThat(f.get("os-installer-kernel").verdict()).isEqualTo(Verdict.PASS);
        assertThat(f.get("os-installer-kernel").message()).matches("kernel [0-9.]+-[0-9]+-amd64: .*");
        // the kernel variant carries grub-efi-amd64-bin (an installed disk boots through the firmware)
        assertThat(f.get("os-installer-bootloader").verdict()).isEqualTo(Verdict.PASS);
    }

    /** A root with os-release ID {@code id}, useradd, chpasswd, one kernel with initrd, and grub when asked. */
    private Path debianRoot(String id, boolean grub) throws Exception {
        Path root = work.resolve("root" + builds++);
        write(root, "etc/os-release", "PRETTY_NAME=\"Test\"\nID=" + id + "\n", "rw-r--r--");
        write(root, "usr/sbin/useradd", "useradd", "rwxr-xr-x");
        write(root, "usr/sbin/chpasswd", "chpasswd", "rwxr-xr-x");
        Files.createSymbolicLink(root.resolve("sbin"), Path.of("usr/sbin"));
        byte[] kernel = new byte[4096];
        kernel[0x202] = 'H';
        kernel[0x203] = 'd';
        kernel[0x204] = 'r';
        kernel[0x205] = 'S';
        Files.createDirectories(root.resolve("boot"));
        Files.write(root.resolve("boot/vmlinuz-6.1.0-50-amd64"), kernel);
        write(root, "boot/System.map-6.1.0-50-amd64", "map", "rw-r--r--");
        write(root, "boot/initrd.img-6.1.0-50-amd64", "initrd", "rw-r--r--");
        if (grub) {
            write(root, "usr/sbin/grub-install", "grub-install", "rwxr-xr-x");
            write(root, "usr/lib/grub/x86_64-efi/moddep.lst", "", "rw-r--r--");
        }
        return root;
    }

    private static void write(Path root, String relative, String content, String mode) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    private Map<String, Finding> lint(Path root) throws Exception {
        BuildRequest r = new BuildRequest(root, "debian", "12", Channel.RELEASE, "202612" + (10 + releases++), null, null,
                Lz4Options.defaults(), null, null);
        BuildResult result = new ImageBuilder(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC),
                "test").build(r, new DirectoryPublisher(work.resolve("store")), BuildListener.NONE);
        return new Linter().lint(result.directory()).findings().stream()
                .collect(Collectors.toMap(Finding::rule, x -> x));
    }
}
