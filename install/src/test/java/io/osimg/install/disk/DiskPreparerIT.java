package io.osimg.install.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osimg.core.install.LegacyDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prepares real loop devices: partition tables read back with {@code sgdisk -p}, file systems with {@code blkid},
 * mounts with mountinfo; bad input leaves the disk's first MiB and the mount table as they were.
 */
class DiskPreparerIT {

    static final Commands COMMANDS = new Commands();

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRootAndTools() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for loop devices");
        for (String tool : List.of("losetup", "sgdisk", "wipefs", "mkfs.vfat", "mkfs.ext4", "mkswap", "blkid", "partx")) {
            assumeTrue(COMMANDS.available(tool), tool + " is not installed");
        }
    }

    /** This host's kernel may lack vfat (a micro-VM kernel): then the ESP is formatted but not mounted. */
    static boolean vfat() throws IOException {
        return KernelFilesystems.system().supports("vfat");
    }

    static DiskPreparer preparer() throws IOException {
        return vfat() ? DiskPreparer.system() : DiskPreparer.system().skippingUnsupportedMounts();
    }

    static String blkid(String device, String tag) throws IOException {
        return COMMANDS.output("blkid", "-p", "-s", tag, "-o", "value", device);
    }

    static long sizeMiB(String device) throws IOException {
        return BlockDevices.system().sizeBytes(Path.of(device).getFileName().toString()) >> 20;
    }

    static List<String> mountInfo() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo"));
    }

    static boolean isMountPoint(Path p) throws IOException {
        return mountInfo().stream().anyMatch(l -> l.split(" ")[4].equals(p.toString()));
    }

    @Test
    void defaultLayoutOnALoopDevice() throws IOException {
        try (LoopDisk disk = new LoopDisk(dir, 700)) {
            DiskLayout layout = DeviceMap.of(disk.device).apply(DiskLayout.defaultLayout("/dev/sda"));
            Path root;
            try (PreparedDisks prepared = preparer().prepare(layout)) {
                root = prepared.root();
                String sgdisk = COMMANDS.output("sgdisk", "-p", disk.device);
                assertThat(sgdisk).containsPattern("(?m)^\\s+1\\s+2048\\s+\\d+\\s+512\\.0 MiB\\s+EF00\\s+efi$");
                assertThat(sgdisk).containsPattern("(?m)^\\s+2\\s+\\d+\\s+\\d+\\s+[\\d.]+ MiB\\s+8300\\s+root$");
                String p1 = disk.device + "p1";
                String p2 = disk.device + "p2";
                assertThat(blkid(p1, "TYPE")).isEqualTo("vfat");
                assertThat(blkid(p1, "LABEL")).isEqualToIgnoringCase("efi");
                assertThat(blkid(p2, "TYPE")).isEqualTo("ext4");
                assertThat(blkid(p2, "LABEL")).isEqualTo("root");
                assertThat(sizeMiB(p1)).isEqualTo(512);
                assertThat(sizeMiB(p2)).isBetween(700L - 512 - 2, 700L - 512);
                assertThat(prepared.rootUuid()).isEqualTo(blkid(p2, "UUID")).matches("[0-9a-f-]{36}");
                assertThat(isMountPoint(root)).isTrue();
                assertThat(isMountPoint(root.resolve("boot/efi"))).isEqualTo(vfat());
                assertThat(prepared.notMounted()).isEqualTo(vfat() ? List.of() : List.of("/boot/efi"));
                assertThat(Files.isDirectory(root.resolve("boot/efi"))).as("mount point made only when mounted").isEqualTo(vfat());
                assertThat(prepared.fstab()).extracting(FstabEntry::line).containsExactly(
                        "UUID=" + prepared.rootUuid() + " / ext4 defaults 0 1",
                        "UUID=" + blkid(p1, "UUID") + " /boot/efi vfat defaults 0 2");
                assertThat(prepared.legacyDisk()).isEqualTo(new LegacyDisk(List.of(
                        new LegacyDisk.Partition("root", "ext4", prepared.rootUuid()),
                        new LegacyDisk.Partition("efi", "vfat", blkid(p1, "UUID")))));
                Path fstab = prepared.writeFstab();
                assertThat(Files.readString(fstab)).isEqualTo(prepared.fstabText()).contains("UUID=" + prepared.rootUuid() + " / ");
                if (vfat()) {
                    Files.writeString(root.resolve("boot/efi/marker"), "on the esp");
                }
            }
            assertThat(isMountPoint(root)).isFalse();
            assertThat(root).doesNotExist();

            // preparing again replaces the old table (and the kernel's view of it) with the new one
            DiskLayout single = DiskLayout.parse("""
                    {"disks": [{"device": "%s", "partitions": [{"number": 1, "label": "all", "size": 0, "gpttype": "8300"}]}],
                     "filesystems": [{"device": "%sp1", "format": "ext3", "path": "/", "label": "again"}]}"""
                    .formatted(disk.device, disk.device));
            try (PreparedDisks prepared = DiskPreparer.system().prepare(single)) {
                assertThat(BlockDevices.system().partitions(disk.name())).containsExactly(disk.name() + "p1");
                assertThat(blkid(disk.device + "p1", "TYPE")).isEqualTo("ext3");
                assertThat(blkid(disk.device + "p1", "LABEL")).isEqualTo("again");
                assertThat(Files.list(prepared.root()).map(p -> p.getFileName().toString())).containsExactly("lost+found");
            }
        }
    }

    @Test
    void twoDisksWithSwapAndVar() throws IOException {
        try (LoopDisk a = new LoopDisk(dir, 300); LoopDisk b = new LoopDisk(dir, 100)) {
            DiskLayout layout = DeviceMap.of(a.device, b.device)
                    .apply(DiskLayout.parse(DiskLayoutTest.resource("layout-two-disks.yaml")));
            try (PreparedDisks prepared = preparer().prepare(layout)) {
                String sgA = COMMANDS.output("sgdisk", "-p", a.device);
                assertThat(sgA).containsPattern("(?m)^\\s+1\\s+2048\\s+\\d+\\s+64\\.0 MiB\\s+EF00\\s+efi$")
                        .containsPattern("(?m)^\\s+2\\s+\\d+\\s+\\d+\\s+32\\.0 MiB\\s+8200\\s+swap$")
                        .containsPattern("(?m)^\\s+3\\s+\\d+\\s+\\d+\\s+[\\d.]+ MiB\\s+8300\\s+root$");
                assertThat(COMMANDS.output("sgdisk", "-p", b.device))
                        .containsPattern("(?m)^\\s+1\\s+2048\\s+\\d+\\s+[\\d.]+ MiB\\s+8300\\s+var$");
                assertThat(blkid(a.device + "p2", "TYPE")).isEqualTo("swap");
                assertThat(blkid(a.device + "p2", "LABEL")).isEqualTo("swap");
                assertThat(blkid(b.device + "p1", "TYPE")).isEqualTo("ext4");
                assertThat(blkid(b.device + "p1", "LABEL")).isEqualTo("var");
                assertThat(sizeMiB(a.device + "p2")).isEqualTo(32);
                assertThat(prepared.rootUuid()).isEqualTo(blkid(a.device + "p3", "UUID"));
                assertThat(isMountPoint(prepared.root().resolve("var"))).isTrue();
                assertThat(mountInfo()).anyMatch(l -> l.split(" ")[4].equals(prepared.root().resolve("var").toString())
                        && l.split(" ")[5].contains("noatime"));
                assertThat(prepared.fstab()).extracting(FstabEntry::line).containsExactly(
                        "UUID=" + prepared.rootUuid() + " / ext4 defaults 0 1",
                        "UUID=" + blkid(b.device + "p1", "UUID") + " /var ext4 noatime 0 2",
                        "UUID=" + blkid(a.device + "p1", "UUID") + " /boot/efi vfat defaults 0 2",
                        "UUID=" + blkid(a.device + "p2", "UUID") + " none swap sw 0 0");
            }
        }
    }

    @Test
    void reinstallKeepsTheDisksThatSayNotToWipeThem() throws IOException {
        try (LoopDisk a = new LoopDisk(dir, 300); LoopDisk b = new LoopDisk(dir, 100)) {
            DiskLayout layout = DeviceMap.of(a.device, b.device).apply(DiskLayout.parse("""
                    {"disks": [{"device": "/dev/sda", "wipeonreinstall": true, "partitions": [
                                  {"number": 1, "label": "efi", "size": 64, "gpttype": "ef00"}, {"number": 2, "label": "root", "size": 0, "gpttype": "8300"}]},
                               {"device": "/dev/sdb", "wipeonreinstall": false, "partitions": [{"number": 1, "label": "data", "size": 0, "gpttype": "8300"}]}],
                     "filesystems": [{"device": "/dev/sda1", "format": "vfat", "path": "/boot/efi", "label": "efi", "createoptions": ["-F", "32"]},
                                     {"device": "/dev/sda2", "format": "ext4", "path": "/", "label": "root"},
                                     {"device": "/dev/sdb1", "format": "ext4", "path": "/data", "label": "data"}]}"""));
            String dataUuid;
            String firstRootUuid;
            try (PreparedDisks first = preparer().prepare(layout)) {
                Files.writeString(first.root().resolve("data/keep.txt"), "kept across the reinstall");
                Files.writeString(first.root().resolve("old-root.txt"), "gone after the reinstall");
                dataUuid = blkid(b.device + "p1", "UUID");
                firstRootUuid = first.rootUuid();
            }
            Path prefix = Files.createDirectory(dir.resolve("again"));
            try (PreparedDisks again = preparer().reinstall(layout, prefix)) {
                assertThat(Files.readString(prefix.resolve("data/keep.txt"))).isEqualTo("kept across the reinstall");
                assertThat(prefix.resolve("old-root.txt")).doesNotExist();
                assertThat(blkid(b.device + "p1", "UUID")).isEqualTo(dataUuid);
                assertThat(again.rootUuid()).isNotEqualTo(firstRootUuid).isEqualTo(blkid(a.device + "p2", "UUID"));
                assertThat(again.fstab()).extracting(FstabEntry::line).contains("UUID=" + dataUuid + " /data ext4 defaults 0 2");
            }
            // a first install wipes the kept disk too
            try (PreparedDisks fresh = preparer().prepare(layout)) {
                assertThat(fresh.root().resolve("data/keep.txt")).doesNotExist();
                assertThat(blkid(b.device + "p1", "UUID")).isNotEqualTo(dataUuid);
            }
        }
    }

    @Test
    void reinstallRefusesAKeptDiskWithoutItsPartitions() throws IOException {
        try (LoopDisk a = new LoopDisk(dir, 64); LoopDisk b = new LoopDisk(dir, 64)) {
            byte[] before = a.scribbleFirstMiB(6);
            DiskLayout layout = DeviceMap.of(a.device, b.device).apply(DiskLayout.parse("""
                    {"disks": [{"device": "/dev/sda", "wipeonreinstall": true, "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]},
                               {"device": "/dev/sdb", "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]}],
                     "filesystems": [{"device": "/dev/sda1", "format": "ext4", "path": "/"},
                                     {"device": "/dev/sdb1", "format": "ext4", "path": "/data"}]}"""));
            assertThatThrownBy(() -> DiskPreparer.system().reinstall(layout, Files.createDirectory(dir.resolve("r"))))
                    .isInstanceOf(DiskCheckException.class)
                    .hasMessageContaining("reinstall keeps " + b.device + " (wipeonreinstall false) but it has no partition " + b.device + "p1 to keep");
            assertThat(a.firstMiBMismatch(before)).as("first differing byte of the first MiB").isEqualTo(-1);
        }
    }

    @Test
    void aFileSystemTheKernelCannotMountIsRejectedBeforeWriting() throws IOException {
        Path procFilesystems = Files.writeString(dir.resolve("filesystems"), "nodev\tproc\n\text4\n");
        DiskPreparer noVfat = new DiskPreparer(COMMANDS, BlockDevices.system(),
                new KernelFilesystems(procFilesystems, dir.resolve("no-modules")), false);
        try (LoopDisk disk = new LoopDisk(dir, 600)) {
            byte[] before = disk.scribbleFirstMiB(2);
            DiskLayout layout = DeviceMap.of(disk.device).apply(DiskLayout.defaultLayout("/dev/sda"));
            assertThatThrownBy(() -> noVfat.prepare(layout))
                    .isInstanceOf(DiskCheckException.class)
                    .hasMessageContaining("the running kernel cannot mount vfat (/boot/efi on " + disk.device + "p1)");
            assertThat(disk.firstMiBMismatch(before)).as("first differing byte of the first MiB").isEqualTo(-1);
        }
    }

    @Test
    void aLayoutThatDoesNotFitIsRejectedBeforeWriting() throws IOException {
        try (LoopDisk disk = new LoopDisk(dir, 100)) {
            byte[] before = disk.scribbleFirstMiB(1);
            List<String> mountsBefore = mountInfo();
            DiskLayout layout = DeviceMap.of(disk.device).apply(DiskLayout.defaultLayout("/dev/sda"));
            assertThatThrownBy(() -> DiskPreparer.system().prepare(layout))
                    .isInstanceOf(DiskCheckException.class)
                    .hasMessageContaining(disk.device + " has 100 MiB but the layout needs 515 MiB");
            assertThat(disk.firstMiBMismatch(before)).as("first differing byte of the first MiB").isEqualTo(-1);
            assertThat(mountInfo()).isEqualTo(mountsBefore);
        }
    }

    @Test
    void aMountedDiskOrPartitionIsRejectedBeforeWriting() throws IOException {
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        try (LoopDisk disk = new LoopDisk(dir, 64)) {
            // read-only and no background inode table zeroing: nothing but the preparer could change the first MiB
            // (a read-write mount may still commit its journal while the test compares)
            COMMANDS.run("mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", disk.device);
            COMMANDS.run("mount", "-o", "ro,noinit_itable", disk.device, mnt.toString());
            COMMANDS.run("sync");
            try {
                byte[] before = disk.firstMiB();
                List<String> mountsBefore = mountInfo();
                DiskLayout layout = DiskLayout.parse("""
                        {"disks": [{"device": "%s", "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]}],
                         "filesystems": [{"device": "%sp1", "format": "ext4", "path": "/"}]}""".formatted(disk.device, disk.device));
                assertThatThrownBy(() -> DiskPreparer.system().prepare(layout))
                        .isInstanceOf(DiskCheckException.class)
                        .hasMessageContaining(disk.device + " is in use: " + disk.device + " is mounted on " + mnt);
                assertThat(mountInfo()).isEqualTo(mountsBefore);
                assertThat(disk.firstMiBMismatch(before)).as("first differing byte of the first MiB").isEqualTo(-1);
            } finally {
                COMMANDS.run("umount", mnt.toString());
            }
        }
        try (LoopDisk disk = new LoopDisk(dir, 64)) {
            COMMANDS.run("sgdisk", "--new=1:0:+8M", "--new=2:0:0", disk.device);
            COMMANDS.run("partx", "-u", disk.device);
            if (!Files.exists(Path.of(disk.device + "p2"))) {
                COMMANDS.run("partx", "-a", disk.device);
            }
            COMMANDS.run("mkfs.ext4", "-q", "-F", disk.device + "p2");
            byte[] before = disk.firstMiB();
            COMMANDS.run("mount", disk.device + "p2", mnt.toString());
            try {
                DiskLayout layout = DeviceMap.of(disk.device).apply(DiskLayout.parse("""
                        {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]}],
                         "filesystems": [{"device": "/dev/sda1", "format": "ext4", "path": "/"}]}"""));
                assertThatThrownBy(() -> DiskPreparer.system().prepare(layout))
                        .isInstanceOf(DiskCheckException.class)
                        .hasMessageContaining(disk.device + "p2 is mounted on " + mnt);
            } finally {
                COMMANDS.run("umount", mnt.toString());
            }
            assertThat(disk.firstMiBMismatch(before)).as("first differing byte of the first MiB").isEqualTo(-1);
        }
    }

    @Test
    void raidAndLvmWithoutMdAndDeviceMapperAreRejectedBeforeWriting() throws IOException {
        // this host's kernel may have md and dm: the features are asked of paths that do not exist
        BlockFeatures none = new BlockFeatures(dir.resolve("mdstat"), dir.resolve("mapper-control"));
        DiskPreparer preparer = new DiskPreparer(COMMANDS, BlockDevices.system(), KernelFilesystems.system(), none, true);
        try (LoopDisk a = new LoopDisk(dir, 64); LoopDisk b = new LoopDisk(dir, 64)) {
            byte[] beforeA = a.scribbleFirstMiB(3);
            byte[] beforeB = b.scribbleFirstMiB(4);
            List<String> mountsBefore = mountInfo();
            DiskLayout layout = DeviceMap.of(a.device, b.device).apply(DiskLayout.parse("""
                    {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 16, "gpttype": "fd00"}, {"number": 2, "size": 0, "gpttype": "8e00"}]},
                               {"device": "/dev/sdb", "partitions": [{"number": 1, "size": 16, "gpttype": "fd00"}, {"number": 2, "size": 0, "gpttype": "8e00"}]}],
                     "raid": [{"arrayname": "/dev/md/root", "devices": ["/dev/sda1", "/dev/sdb1"], "level": "1"}],
                     "volumegroups": [{"name": "vg0", "devices": ["/dev/sda2", "/dev/sdb2"]}],
                     "logicalvolumes": [{"name": "var", "volumegroup": "vg0", "size": 0, "lvmtype": "raid1"}],
                     "filesystems": [{"device": "/dev/md/root", "format": "ext4", "path": "/"},
                                     {"device": "/dev/vg0/var", "format": "ext4", "path": "/var"}]}"""));
            assertThatThrownBy(() -> preparer.prepare(layout))
                    .isInstanceOf(DiskCheckException.class)
                    .satisfies(e -> assertThat(((DiskCheckException) e).problems()).contains(
                            "the layout has RAID arrays [/dev/md/root] but the running kernel has no md RAID (" + dir.resolve("mdstat")
                                    + " is absent; CONFIG_BLK_DEV_MD, module md_mod)",
                            "the layout has volume groups [vg0] but the running kernel has no device mapper (" + dir.resolve("mapper-control")
                                    + " is absent; CONFIG_BLK_DEV_DM, module dm_mod)"));
            assertThat(a.firstMiBMismatch(beforeA)).as("first differing byte of the first MiB").isEqualTo(-1);
            assertThat(b.firstMiBMismatch(beforeB)).as("first differing byte of the first MiB").isEqualTo(-1);
            assertThat(mountInfo()).isEqualTo(mountsBefore);
        }
    }

    @Test
    void logicalVolumesLargerThanTheirGroupOnTheRealDisksAreRejectedBeforeWriting() throws IOException {
        Path mdstat = Files.writeString(dir.resolve("mdstat"), "Personalities :\n");
        Path control = Files.writeString(dir.resolve("control"), "");
        DiskPreparer preparer = new DiskPreparer(COMMANDS, BlockDevices.system(), KernelFilesystems.system(),
                new BlockFeatures(mdstat, control), true);
        try (LoopDisk a = new LoopDisk(dir, 64)) {
            byte[] before = a.scribbleFirstMiB(5);
            DiskLayout layout = DeviceMap.of(a.device).apply(DiskLayout.parse("""
                    {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 16, "gpttype": "8300"}, {"number": 2, "size": 0, "gpttype": "8e00"}]}],
                     "volumegroups": [{"name": "vg0", "devices": ["/dev/sda2"]}],
                     "logicalvolumes": [{"name": "var", "volumegroup": "vg0", "size": 100}],
                     "filesystems": [{"device": "/dev/sda1", "format": "ext4", "path": "/"},
                                     {"device": "/dev/vg0/var", "format": "ext4", "path": "/var"}]}"""));
            // 64 MiB - 16 MiB - 2 MiB GPT = 46 MiB PV: 11 extents of 4 MiB after the metadata
            assertThatThrownBy(() -> preparer.prepare(layout))
                    .isInstanceOf(DiskCheckException.class)
                    .hasMessageContaining("volume group vg0: the logical volumes need 100 MiB (raid1 volumes twice) but the group has 44 MiB on "
                            + a.device + "p2");
            assertThat(a.firstMiBMismatch(before)).as("first differing byte of the first MiB").isEqualTo(-1);
        }
    }

    /**
     * The real tools, but {@code mdadm} and LVM's, which this host's kernel cannot serve, only recorded: the plan runs
     * for real until the first command needing an array (mkfs on {@code /dev/md/root}) fails, then the teardown runs.
     */
    static final class WithoutMdAndLvm extends Commands {
        static final List<String> FAKED = List.of("mdadm", "pvcreate", "vgcreate", "lvcreate", "vgchange");
        final List<String> run = new java.util.ArrayList<>();

        @Override
        public Output run(List<String> command) throws IOException {
            run.add(String.join(" ", command));
            if (FAKED.contains(command.getFirst())) {
                return new Output("", "");
            }
            return super.run(command);
        }

        @Override
        public boolean available(String tool) {
            return FAKED.contains(tool) || super.available(tool);
        }
    }

    @Test
    void aFailureAfterTheArraysAndGroupsTearsThemDown() throws IOException {
        Path mdstat = Files.writeString(dir.resolve("mdstat"), "Personalities :\n");
        Path control = Files.writeString(dir.resolve("control"), "");
        WithoutMdAndLvm commands = new WithoutMdAndLvm();
        DiskPreparer preparer = new DiskPreparer(commands, BlockDevices.system(), KernelFilesystems.system(),
                new BlockFeatures(mdstat, control), true);
        try (LoopDisk a = new LoopDisk(dir, 64); LoopDisk b = new LoopDisk(dir, 64)) {
            List<String> mountsBefore = mountInfo();
            DiskLayout layout = DeviceMap.of(a.device, b.device).apply(DiskLayout.parse("""
                    {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 16, "gpttype": "fd00"}, {"number": 2, "size": 0, "gpttype": "8e00"}]},
                               {"device": "/dev/sdb", "partitions": [{"number": 1, "size": 16, "gpttype": "fd00"}, {"number": 2, "size": 0, "gpttype": "8e00"}]}],
                     "raid": [{"arrayname": "/dev/md/osimg-it-root", "devices": ["/dev/sda1", "/dev/sdb1"], "level": "1"}],
                     "volumegroups": [{"name": "osimgit", "devices": ["/dev/sda2", "/dev/sdb2"]}],
                     "logicalvolumes": [{"name": "var", "volumegroup": "osimgit", "size": 0, "lvmtype": "raid1"}],
                     "filesystems": [{"device": "/dev/md/osimg-it-root", "format": "ext4", "path": "/"},
                                     {"device": "/dev/osimgit/var", "format": "ext4", "path": "/var"}]}"""));
            assertThatThrownBy(() -> preparer.prepare(layout))
                    .isInstanceOf(CommandException.class)
                    .hasMessageContaining("mkfs.ext4 -F -q /dev/md/osimg-it-root: exit");
            // the partitions were really written
            assertThat(COMMANDS.output("sgdisk", "-p", a.device)).containsPattern("(?m)^\\s+1\\s+2048\\s+\\d+\\s+16\\.0 MiB\\s+FD00");
            assertThat(COMMANDS.output("sgdisk", "-p", b.device)).containsPattern("(?m)^\\s+2\\s+\\d+\\s+\\d+\\s+[\\d.]+ MiB\\s+8E00");
            assertThat(commands.run).filteredOn(c -> WithoutMdAndLvm.FAKED.contains(c.split(" ")[0]) || c.startsWith("mkfs")).containsExactly(
                    "mdadm --create /dev/md/osimg-it-root --run --homehost=any --level=1 --raid-devices=2 --assume-clean "
                            + a.device + "p1 " + b.device + "p1",
                    "pvcreate -ff -y " + a.device + "p2",
                    "pvcreate -ff -y " + b.device + "p2",
                    "vgcreate -y osimgit " + a.device + "p2 " + b.device + "p2",
                    "lvcreate -y --wipesignatures y -n var -l 100%FREE --type raid1 -m 1 osimgit",
                    "mkfs.ext4 -F -q /dev/md/osimg-it-root",
                    "vgchange -an osimgit",
                    "mdadm --stop /dev/md/osimg-it-root");
            assertThat(mountInfo()).isEqualTo(mountsBefore);
        }
    }

    @Test
    void aMissingOrNonBlockDeviceIsRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-disk"), "x");
        DiskLayout layout = DiskLayout.parse("""
                {"disks": [{"device": "/dev/osimg-no-such-disk", "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]},
                           {"device": "%s", "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]}],
                 "filesystems": [{"device": "/dev/osimg-no-such-disk1", "format": "ext4", "path": "/"}]}""".formatted(file));
        assertThatThrownBy(() -> DiskPreparer.system().prepare(layout))
                .isInstanceOf(DiskCheckException.class)
                .satisfies(e -> assertThat(((DiskCheckException) e).problems()).containsExactly(
                        "/dev/osimg-no-such-disk: no such device", file + " is not a block device"));
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
