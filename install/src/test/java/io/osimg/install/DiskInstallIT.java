package io.osimg.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.install.BootInfo;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.disk.CommandException;
import io.osimg.install.disk.Commands;
import io.osimg.install.disk.DiskPreparer;
import io.osimg.install.disk.KernelFilesystems;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.Outcome;
import io.osimg.install.events.Phase;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole installation onto a loop device, the machine document's layout on it: partitioned, installed, fstab
 * written, kernel and initrd copied out, unmounted, and only then the kexec step, which sees the copies and no
 * mount left. The contract steps are the stand-in of {@link InstallerOutcomeTest} (the real ones run in
 * {@code ContractStepsIT}); the kexec step records instead of rebooting the test machine.
 */
class DiskInstallIT {

    private static final Commands COMMANDS = new Commands();

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRootAndTools() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for loop devices");
        for (String tool : List.of("losetup", "sgdisk", "wipefs", "mkfs.vfat", "mkfs.ext4", "blkid", "partx", "mount")) {
            assumeTrue(COMMANDS.available(tool), tool + " is not installed");
        }
    }

    private static MachineDocument machine() throws IOException {
        try (InputStream in = DiskInstallIT.class.getResourceAsStream("/machine.json")) {
            return MachineDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static boolean mounted(String what) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(what));
    }

    private static String blkid(String device) throws IOException {
        return COMMANDS.output("blkid", "-p", "-s", "UUID", "-o", "value", device);
    }

    @Test
    void installsOntoALoopDeviceAndBootsTheCopiesAfterUnmounting() throws IOException {
        byte[] image = TestImages.lz4(TestImages.tar(4096));
        Path img = dir.resolve("images/20261120/debian/12/img.tar.lz4");
        String md5 = TestImages.publish(img.getParent(), image, true);
        boolean vfat = KernelFilesystems.system().supports("vfat");

        Path file = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(600L << 20);
        }
        String loop = COMMANDS.output("losetup", "-fP", "--show", file.toString());
        Path check = Files.createDirectories(dir.resolve("check"));
        boolean checkMounted = false;
        try {
            List<String> events = new ArrayList<>();
            EventSink sink = new EventSink() {
                @Override
                public void phaseFinished(Phase phase, Duration took, String error) {
                    if (phase == Phase.PARTITION) {
                        events.add("partition " + (error == null ? "ok" : error));
                    }
                }

                @Override
                public void warning(String message) {
                    events.add("warning " + message);
                }
            };
            List<String> contractSaw = new ArrayList<>();
            List<String> kexecSaw = new ArrayList<>();
            Outcome.Builder outcome = new Outcome.Builder();
            Installer.Result result;
            try (Fetcher fetcher = new Fetcher(TransferOptions.defaults())) {
                DiskInstall install = new DiskInstall(fetcher, DiskPreparer.system(), disks -> (verified, doc, ev) -> {
                    Path target = verified.target();
                    contractSaw.add(disks.rootUuid());
                    contractSaw.add(String.valueOf(mounted(" " + target + " ")));
                    Path boot = Files.createDirectories(target.resolve("boot"));
                    Files.writeString(boot.resolve("vmlinuz-6.1"), "kernel");
                    Files.writeString(boot.resolve("initrd.img"), "initrd");
                    return BootInfo.fromYaml("kernel: /boot/vmlinuz-6.1\ninitrd: /boot/initrd.img\ncmdline: console=ttyS0\n");
                }, (verified, plan) -> {
                    kexecSaw.add(plan.kernel() + " " + Files.readString(plan.kernel()));
                    kexecSaw.add(plan.initrd() + " " + Files.readString(plan.initrd()));
                    kexecSaw.add(plan.cmdline());
                    kexecSaw.add("mounted " + mounted(loop + "p"));
                }, sink, System::nanoTime);
                result = install.install(new DiskInstall.Request(ImageSource.ofFile("debian-12.0.20261120", img),
                        machine(), null, List.of(loop), dir.resolve("boot"), !vfat, null, true), outcome);
            }

            String rootUuid = blkid(loop + "p2");
            assertThat(contractSaw).containsExactly(rootUuid, "true");
            assertThat(kexecSaw).containsExactly(dir.resolve("boot/kernel") + " kernel", dir.resolve("boot/initrd") + " initrd",
                    "console=ttyS0", "mounted false");
            assertThat(result.boot()).isEqualTo(new BootPlan(dir.resolve("boot/kernel"), dir.resolve("boot/initrd"), "console=ttyS0"));
            assertThat(result.image().digests().values()).contains(md5);
            assertThat(events).containsExactlyElementsOf(vfat ? List.of("partition ok")
                    : List.of("partition ok", "warning not mounted (the running kernel cannot mount it): /boot/efi"));

            Outcome ok = outcome.succeeded(true, Duration.ZERO);
            assertThat(ok.target()).isEqualTo(Outcome.Target.disks(List.of(loop)));
            assertThat(ok.boot()).isEqualTo(new Outcome.Boot(dir.resolve("boot/kernel").toString(),
                    dir.resolve("boot/initrd").toString(), "console=ttyS0"));
            assertThat(ok.digests()).containsEntry("md5", md5);
            assertThat(mounted(loop + "p")).as("a partition of " + loop + " still mounted").isFalse();

            // the machine's layout (ESP of 500 MiB) is on the disk, and the root holds the image and the fstab
            assertThat(COMMANDS.output("sgdisk", "-p", loop)).containsPattern("(?m)^\\s+1\\s+2048\\s+\\d+\\s+500\\.0 MiB\\s+EF00\\s+efi$");
            COMMANDS.run("mount", "-o", "ro", loop + "p2", check.toString());
            checkMounted = true;
            assertThat(Files.readString(check.resolve("etc/motd"))).isEqualTo(TestImages.MOTD);
            assertThat(Files.readString(check.resolve("boot/vmlinuz-6.1"))).isEqualTo("kernel");
            assertThat(Files.readAllLines(check.resolve("etc/fstab"))).containsExactly(
                    "# written by osimg install; <file system> <mount point> <type> <options> <dump> <pass>",
                    "UUID=" + rootUuid + " / ext4 defaults 0 1",
                    "UUID=" + blkid(loop + "p1") + " /boot/efi vfat defaults 0 2");
            assertThat(check.resolve(InstallMarker.NAME)).doesNotExist();
        } finally {
            try {
                if (checkMounted) {
                    COMMANDS.run("umount", check.toString());
                }
            } finally {
                COMMANDS.run("losetup", "-d", loop);
            }
        }
    }

    /**
     * A digest mismatch after the disk was partitioned, formatted and the image extracted: the install fails, and
     * the disk is left with no signature at all (no GPT, no ESP, no root file system, as {@code blkid -p} and
     * {@code wipefs} on the disk and at the partitions' old offsets see it), so the firmware finds nothing to boot;
     * the contract steps and kexec never ran.
     */
    @Test
    void aFailedInstallWipesTheDisksItPrepared() throws IOException {
        byte[] image = TestImages.lz4(TestImages.tar(4096));
        Path img = dir.resolve("images/20261120/debian/12/img.tar.lz4");
        TestImages.publish(img.getParent(), image, false);
        Files.writeString(img.resolveSibling("img.tar.lz4.md5"), "0123456789abcdef0123456789abcdef  img.tar.lz4\n");
        boolean vfat = KernelFilesystems.system().supports("vfat");

        Path file = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(600L << 20);
        }
        String loop = COMMANDS.output("losetup", "-fP", "--show", file.toString());
        try {
            List<String> warnings = new ArrayList<>();
            List<String> partitionEnd = new ArrayList<>();
            EventSink sink = new EventSink() {
                @Override
                public void phaseFinished(Phase phase, Duration took, String error) {
                    if (phase == Phase.PARTITION) {
                        partitionEnd.add(error == null ? "ok" : "failed");
                    }
                }

                @Override
                public void warning(String message) {
                    warnings.add(message);
                }
            };
            List<String> ran = new ArrayList<>();
            List<String> seenBeforeWipe = new ArrayList<>();
            try (Fetcher fetcher = new Fetcher(TransferOptions.defaults())) {
                DiskInstall install = new DiskInstall(fetcher, DiskPreparer.system(), disks -> {
                    try {
                        seenBeforeWipe.add(COMMANDS.output("blkid", "-p", "-s", "TYPE", "-o", "value", loop + "p2"));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return (verified, doc, ev) -> {
                        ran.add("contract");
                        return null;
                    };
                }, (verified, plan) -> ran.add("kexec"), sink, System::nanoTime);
                assertThatThrownBy(() -> install.install(new DiskInstall.Request(ImageSource.ofFile("debian-12.0.20261120", img),
                        machine(), null, List.of(loop), dir.resolve("boot"), !vfat, null, true), new Outcome.Builder()))
                        .isInstanceOf(DigestMismatchException.class).hasMessageContaining("md5");
            }
            assertThat(ran).isEmpty();
            assertThat(seenBeforeWipe).containsExactly("ext4");
            assertThat(partitionEnd).containsExactly("ok", "failed");
            assertThat(warnings).last().asString().startsWith("the installation failed: the disks were wiped (wipefs -a " + loop + "p1; wipefs -a "
                    + loop + "p2; wipefs -a " + loop + "; sgdisk --zap-all " + loop + ")");

            // nothing left: no partition known to the kernel, no GPT, no file system where ESP and root were
            assertThat(Files.exists(Path.of(loop + "p1"))).isFalse();
            assertThat(COMMANDS.output("wipefs", "--no-act", "--noheadings", loop)).isEmpty();
            assertThat(new Commands().output("sgdisk", "-p", loop)).doesNotContainPattern("(?m)^\\s+[12]\\s+\\d+");
            for (long offsetMiB : List.of(1L, 501L)) {   // the ESP at 1 MiB and the root after its 500 MiB
                String probe = probeAt(file, offsetMiB);
                assertThat(probe).as("blkid -p at %d MiB", offsetMiB).isEmpty();
            }
        } finally {
            COMMANDS.run("losetup", "-d", loop);
        }
    }

    /** What {@code blkid -p} finds at an offset of the disk file (read through a second, read-only loop device). */
    private static String probeAt(Path file, long offsetMiB) throws IOException {
        String probe = COMMANDS.output("losetup", "-f", "-r", "--show", "-o", String.valueOf(offsetMiB << 20), file.toString());
        try {
            try {
                return COMMANDS.output("blkid", "-p", "-o", "export", probe);
            } catch (CommandException e) {
                return "";   // blkid exits 2 when it finds nothing
            }
        } finally {
            COMMANDS.run("losetup", "-d", probe);
        }
    }
}
