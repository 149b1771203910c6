package io.osimg.cli;

import io.osimg.image.ramdisk.RamdiskBuilder;
import io.osimg.transfer.ByteSizes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ramdisk", sortOptions = false,
        description = {
            "Build the installer ramdisk for x86-64 from this machine's Debian packages: DIR/vmlinuz (the kernel from "
                    + "/boot) and DIR/initramfs.zst (newc cpio, zstd -19) holding the kernel modules the installer needs "
                    + "(virtio, NVMe, SATA/SCSI, common NICs, ext4, vfat, md, dm), busybox as /bin/sh with its applets, "
                    + "the disk tools install --disk calls with their libraries, a jlink runtime and osimg's jars. Its "
                    + "/init loads the modules, brings every link with a carrier up by DHCP, sets the clock and runs "
                    + "'osimg boot' (see its --help for the kernel parameters).",
            "",
            "Reproducible: the same inputs and SOURCE_DATE_EPOCH give the same bytes.",
            "Needs the packages linux-image-amd64, busybox-static, gdisk, dosfstools, e2fsprogs, lz4 (kexec-tools optional)."},
        footerHeading = "%nExample:%n",
        footer = {"  SOURCE_DATE_EPOCH=1764115200 osimg ramdisk --out ramdisk/",
            "  qemu-system-x86_64 -kernel ramdisk/vmlinuz -initrd ramdisk/initramfs.zst -append 'console=ttyS0 osimg.image=...'"})
final class RamdiskCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where vmlinuz and initramfs.zst are written")
    Path out;

    @Option(names = "--kernel-version", paramLabel = "VERSION",
            description = "the kernel to take (/boot/vmlinuz-VERSION and /lib/modules/VERSION; default: the newest)")
    String kernelVersion;

    @Option(names = "--busybox", paramLabel = "FILE", defaultValue = "/usr/bin/busybox",
            description = "the static busybox (default: ${DEFAULT-VALUE}, from busybox-static)")
    Path busybox;

    @Option(names = "--source-date-epoch", paramLabel = "SECONDS",
            description = "the time of every file in the initramfs (default: $SOURCE_DATE_EPOCH, else the kernel's mtime)")
    Long sourceDateEpoch;

    @Option(names = "--zstd-level", paramLabel = "N", defaultValue = "19",
            description = "the zstd level of the initramfs, 1 to 19 (default: ${DEFAULT-VALUE}; lower builds faster, "
                    + "for test runs)")
    int zstdLevel;

    @Mixin
    CommonOptions debug;

    @Override
    public Integer call() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                jars.add(Path.of(e).toAbsolutePath());
            }
        }
        long epoch = sourceDateEpoch != null ? sourceDateEpoch : epochFromEnvironment();
        if (epoch < 0) {
            throw new IllegalArgumentException("--source-date-epoch " + epoch + ": must not be negative");
        }
        if (zstdLevel < 1 || zstdLevel > 19) {
            throw new IllegalArgumentException("--zstd-level " + zstdLevel + ": must be 1 to 19");
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        RamdiskBuilder.Result r = new RamdiskBuilder(line -> System.err.println("ramdisk: " + line)).build(
                new RamdiskBuilder.Request(out, Path.of("/"), kernelVersion, javaHome, jars, epoch, busybox, zstdLevel));
        System.out.printf("kernel      %s  %s  %s%n", r.kernel(), ByteSizes.human(r.kernelBytes()), r.kernelVersion());
        System.out.printf("initramfs   %s  %s compressed (%d bytes), %s unpacked (%d bytes), %d members%n", r.initramfs(),
                ByteSizes.human(r.compressedBytes()), r.compressedBytes(), ByteSizes.human(r.unpackedBytes()),
                r.unpackedBytes(), r.members());
        System.out.printf("contents    %d kernel modules, java modules %s%n", r.kernelModules(), String.join(",", r.javaModules()));
        System.out.printf("sha256      %s  vmlinuz%n", r.kernelSha256());
        System.out.printf("sha256      %s  initramfs.zst%n", r.initramfsSha256());
        return Main.OK;
    }

    private long epochFromEnvironment() throws java.io.IOException {
        String env = System.getenv("SOURCE_DATE_EPOCH");
        if (env != null && !env.isBlank()) {
            try {
                return Long.parseLong(env.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SOURCE_DATE_EPOCH=" + env + ": not a number of seconds", e);
            }
        }
        String v = kernelVersion != null ? kernelVersion : RamdiskBuilder.newestKernel(Path.of("/"));
        Path k = Path.of("/boot/vmlinuz-" + v);
        return Files.exists(k) ? Files.getLastModifiedTime(k).toMillis() / 1000 : 0;
    }
}
