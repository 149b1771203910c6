package io.osimg.install.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.install.BootInfo;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scriptless image installed by {@code ContractSteps} without {@code --os-installer}: osimg's own OS installer
 * configures it, the image's tools running chrooted for real. Two roots: a busybox one (always; shadow's
 * {@code useradd} and {@code chpasswd}, which busybox-static lacks, are small scripts in it, the password hashed
 * by busybox {@code mkpasswd}) and a Debian bookworm minbase root from debootstrap (when
 * {@code scripts/debian-rootfs --variant minbase} has cached it), with its real useradd and chpasswd.
 */
class OsInstallerTasksIT {

    private static final Path CACHE = Path.of(System.getenv().getOrDefault("OSIMG_CACHE", "/var/tmp/osimg-cache"));
    /** debootstrap roots cached by scripts/debian-rootfs, the small one first. */
    private static final List<Path> DEBIAN = List.of(CACHE.resolve("debian-bookworm-minbase.tar"),
            CACHE.resolve("debian-bookworm-kernel.tar"));
    private static final String KERNEL = "6.1.0-99-amd64";

    private Path work;
    private Path cmdline;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-os-tasks-it");
        cmdline = Files.writeString(work.resolve("cmdline"), "console=ttyS1,115200n8\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        TestImage.cleanUp(work);
    }

    private ContractSteps steps() {
        HostEnvironment env = new HostEnvironment(cmdline, work.resolve("no-efi"),
                Clock.fixed(Instant.parse("2026-12-06T18:00:00Z"), ZoneOffset.UTC), work.resolve("no-lvmlocal"),
                work.resolve("no-dmi"));
        return new ContractSteps(env, ScriptRunner.chroot()).withConsolePassword("s3cret pw");
    }

    private static MachineDocument machine() throws IOException {
        try (InputStream in = OsInstallerTasksIT.class.getResourceAsStream("/machine.json")) {
            return MachineDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void kernel(Path root) throws IOException {
        Path boot = Files.createDirectories(root.resolve("boot"));
        Files.writeString(boot.resolve("System.map-" + KERNEL), "map\n");
        Files.writeString(boot.resolve("vmlinuz-" + KERNEL), "kernel\n");
        Files.writeString(boot.resolve("initrd.img-" + KERNEL), "initrd\n");
    }

    private Path busyboxRoot() throws Exception {
        Path root = TestImage.create(work, "#!/bin/sh\n");
        Files.delete(root.resolve("install.sh"));
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nsudo:x:27:\n");
        Files.writeString(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
        Files.createDirectories(root.resolve("var/tmp"));
        Files.createDirectories(root.resolve("home"));
        Files.createDirectories(root.resolve("usr/sbin"));
        TestImage.writeScript(root, "usr/sbin/useradd", """
                #!/bin/sh
                # stand-in for shadow's useradd (busybox-static has none): takes exactly what osimg passes
                [ "$*" = "--create-home --uid 1000 --gid sudo --shell /bin/bash metal" ] || { echo "useradd $*"; exit 2; }
                gid=$(grep '^sudo:' /etc/group | cut -d: -f3)
                echo "metal:x:1000:$gid::/home/metal:/bin/bash" >> /etc/passwd
                echo "metal:!:19000:0:99999:7:::" >> /etc/shadow
                mkdir -p /home/metal && chown "1000:$gid" /home/metal
                """);
        TestImage.writeScript(root, "usr/sbin/chpasswd", """
                #!/bin/sh
                # stand-in for chpasswd (busybox-static has none): USER:PASSWORD lines, hashed by busybox mkpasswd
                while IFS=: read -r user pw; do
                    hash=$(mkpasswd -m sha512 "$pw") || exit 1
                    sed -i "s|^$user:[^:]*:|$user:$hash:|" /etc/shadow
                done
                """);
        kernel(root);
        return root;
    }

    private static void assertConfigured(Path root, BootInfo info, String sudoGid) throws IOException {
        assertConfigured(root, info, sudoGid, KERNEL);
    }

    private static void assertConfigured(Path root, BootInfo info, String sudoGid, String kernel) throws IOException {
        assertThat(info).isEqualTo(new BootInfo("/boot/vmlinuz-" + kernel, "/boot/initrd.img-" + kernel,
                "console=ttyS1,115200n8 root=UUID=root-uuid init=/sbin/init net.ifnames=0 biosdevname=0 "
                        + "nvme_core.io_timeout=300", "metal-debian"));
        assertThat(root.resolve("etc/hostname")).hasContent("worker-1");
        assertThat(root.resolve("etc/hosts")).content().contains("10.0.16.5        worker-1\n");
        assertThat(Files.readAllLines(root.resolve("etc/passwd"))).anyMatch(l -> l.startsWith(
                "metal:x:1000:" + sudoGid + ":") && l.endsWith(":/home/metal:/bin/bash"));
        String shadow = Files.readAllLines(root.resolve("etc/shadow")).stream().filter(l -> l.startsWith("metal:"))
                .findFirst().orElseThrow();
        assertThat(shadow.split(":")[1]).startsWith("$").doesNotContain("s3cret");
        Path keys = root.resolve("home/metal/.ssh/authorized_keys");
        assertThat(keys).hasContent("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIhLhxQwOgAaJmqZ9njCdfNw2+LTm24CwUTay6ZYlJBQ"
                + " admin@example.org");
        assertThat(Files.getAttribute(keys, "unix:uid")).isEqualTo(1000);
        assertThat(root.resolve("etc/systemd/network/10-lan0.link")).hasContent("""
                # generated by os-installer
                [Match]
                PermanentMACAddress=00:03:00:11:11:01

                [Link]
                Name=lan0
                NamePolicy=
                MTUBytes=9000
                """);
        assertThat(root.resolve("etc/systemd/network/12-lan2.link")).doesNotExist();
        assertThat(root.resolve("etc/frr/frr.conf")).content().contains("hostname worker-1\n",
                " bgp router-id 10.0.16.5\n");
        assertThat(root.resolve("var/lib/cloud/seed/nocloud/user-data")).content().startsWith("#cloud-config");
        assertThat(root.resolve("etc/default/grub")).content().contains("GRUB_DISTRIBUTOR=metal-debian\n");
        assertThat(root.resolve("etc/metal/build-meta.yaml")).content().startsWith("---\nbuildVersion: osimg ");
        assertThat(root.resolve("etc/metal/machine-allocation.yaml")).content().contains("hostname: worker-1\n");
        assertThat(Files.getAttribute(root.resolve("var/tmp"), "unix:mode")).isEqualTo(041777);
        assertThat(root.resolve(".osimg-command")).doesNotExist();
        assertThat(TestImage.mountsUnder(root)).isEmpty();
    }

    @Test
    void aBusyboxRootIsConfiguredByOsimgsTasksWithItsOwnToolsChrooted() throws Exception {
        Path root = busyboxRoot();

        BootInfo info = steps().configure(root, machine(), TargetDisks.rootOnly("root-uuid"), EventSink.NONE);

        assertConfigured(root, info, "27");
    }

    @Test
    void aFailingTaskStopsTheInstallNamingIt() throws Exception {
        Path root = busyboxRoot();
        Files.delete(root.resolve("usr/sbin/useradd"));
        TestImage.writeScript(root, "usr/sbin/useradd", "#!/bin/sh\necho 'useradd: group sudo does not exist'\nexit 6\n");

        assertThatThrownBy(() -> steps().configure(root, machine(), TargetDisks.rootOnly("root-uuid"),
                EventSink.NONE))
                .hasMessageStartingWith("OS installer task 'create metal user' failed: 'useradd --create-home --uid 1000"
                        + " --gid sudo --shell /bin/bash metal' exited with code 6 in ")
                .hasMessageEndingWith("/rootfs: useradd: group sudo does not exist");
        assertThat(root.resolve("etc/hostname")).hasContent("worker-1");
        assertThat(root.resolve("etc/systemd/network")).doesNotExist();
        assertThat(TestImage.mountsUnder(root)).isEmpty();
    }

    @Test
    void aDebootstrapRootIsConfiguredWithItsRealUseraddAndChpasswd() throws Exception {
        Path tarball = DEBIAN.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        Assumptions.assumeTrue(tarball != null, "no Debian root cached (scripts/debian-rootfs --variant minbase)");
        Path root = Files.createDirectory(work.resolve("debian"));
        Process tar = new ProcessBuilder("tar", "--numeric-owner", "-xpf", tarball.toString(), "-C", root.toString())
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as(out).isZero();
        Files.deleteIfExists(root.resolve("install.sh"));
        String kernel;
        try (var maps = Files.list(root.resolve("boot"))) {
            kernel = maps.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("System.map-"))
                    .map(n -> n.substring("System.map-".length())).findFirst().orElse(null);
        }
        if (kernel == null) {
            kernel(root);
            kernel = KERNEL;
        }
        Files.setPosixFilePermissions(root.resolve("var/tmp"), PosixFilePermissions.fromString("rwxr-xr-x"));

        long start = System.nanoTime();
        BootInfo info = steps().configure(root, machine(), TargetDisks.rootOnly("root-uuid"), EventSink.NONE);
        System.out.printf("configuring %s took %.2f s%n", tarball.getFileName(), (System.nanoTime() - start) / 1e9);

        assertConfigured(root, info, "27", kernel);
        assertThat(root.resolve("etc/systemd/timesyncd.conf")).content().startsWith("[Time]\nNTP=");
        assertThat(root.resolve("home/metal")).isDirectory();
        assertThat(Files.getAttribute(root.resolve("home/metal"), "unix:uid")).isEqualTo(1000);
    }
}
