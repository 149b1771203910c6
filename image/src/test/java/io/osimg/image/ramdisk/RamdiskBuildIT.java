package io.osimg.image.ramdisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer ramdisk built from this machine's packages, twice: the same bytes; and its contents as GNU cpio
 * lists them after zstd decompressed them.
 */
class RamdiskBuildIT {
    @TempDir
    Path dir;

    private static final List<String> RUNTIME_JARS = List.of("jackson-core-", "jackson-databind-",
            "jackson-annotations-", "jackson-dataformat-yaml-", "snakeyaml-", "zstd-jni-");

    private static List<Path> jars() {
        List<Path> jars = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            // a few of osimg's runtime jars (not the test classpath's, e.g. cyclonedx's jackson-dataformat-xml,
            // whose module needs stax2, which jdeps would have to find)
            if (name.endsWith(".jar") && RUNTIME_JARS.stream().anyMatch(name::startsWith)) {
                jars.add(Path.of(e));
            }
        }
        return jars;
    }

    private RamdiskBuilder.Result build(String name) throws Exception {
        return new RamdiskBuilder(line -> { }).build(new RamdiskBuilder.Request(dir.resolve(name), Path.of("/"), null,
                Path.of(System.getProperty("java.home")), jars(), 1_764_115_200L, Path.of("/usr/bin/busybox"), 3));
    }

    @Test
    void twoBuildsGiveTheSameBytesAndCpioListsTheInstaller() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/busybox")) && Files.isDirectory(Path.of("/boot")),
                "needs busybox-static and linux-image-amd64");
        RamdiskBuilder.Result a = build("a");
        RamdiskBuilder.Result b = build("b");
        assertThat(b.initramfsSha256()).isEqualTo(a.initramfsSha256());
        assertThat(dir.resolve("b/initramfs.zst")).hasSameBinaryContentAs(dir.resolve("a/initramfs.zst"));
        assertThat(dir.resolve("a/vmlinuz")).hasSameBinaryContentAs(Path.of("/boot/vmlinuz-" + a.kernelVersion()));
        assertThat(a.unpackedBytes()).isGreaterThan(a.compressedBytes());
        assertThat(a.javaModules()).contains("java.base", "java.net.http").doesNotContain("java.desktop");

        Process p = new ProcessBuilder("sh", "-c", "zstd -dc a/initramfs.zst | cpio -t --quiet")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        List<String> names = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", names)).isZero();
        assertThat(names).hasSize(a.members()).isSorted()
                .contains("init", "bin", "dev/console", "usr/bin/busybox", "usr/bin/sh", "usr/bin/udhcpc", "usr/bin/osimg",
                        "usr/sbin/sgdisk", "usr/sbin/mke2fs", "usr/sbin/mkfs.ext4", "usr/bin/mount", "usr/bin/lz4",
                        "usr/lib/osimg/java/bin/java", "usr/share/udhcpc/default.script", "etc/osimg/modules",
                        "lib64", "usr/lib64/ld-linux-x86-64.so.2",
                        "usr/sbin/mdadm", "usr/sbin/lvm", "usr/sbin/dmsetup", "usr/sbin/modprobe", "usr/sbin/pvcreate", "usr/sbin/vgcreate",
                        "usr/sbin/lvcreate", "usr/sbin/vgchange", "usr/sbin/lvs", "usr/sbin/vgmknodes", "etc/lvm/lvm.conf",
                        "usr/lib/x86_64-linux-gnu/libdevmapper.so.1.02.1")
                .anyMatch(n -> n.matches("usr/lib/modules/[^/]+/kernel/drivers/md/md-mod\\.ko"))
                .anyMatch(n -> n.matches("usr/lib/modules/[^/]+/kernel/drivers/md/raid1\\.ko"))
                .anyMatch(n -> n.matches("usr/lib/modules/[^/]+/kernel/drivers/md/dm-raid\\.ko"))
                .anyMatch(n -> n.matches("usr/lib/modules/[^/]+/kernel/drivers/block/virtio_blk\\.ko"))
                .anyMatch(n -> n.matches("usr/lib/modules/[^/]+/modules\\.dep"))
                .anyMatch(n -> n.matches("usr/lib/x86_64-linux-gnu/libc\\.so\\.6"))
                .anyMatch(n -> n.startsWith("usr/lib/osimg/lib/jackson-databind"));
    }
}
