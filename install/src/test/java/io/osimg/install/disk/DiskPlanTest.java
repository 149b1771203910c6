package io.osimg.install.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact commands of each kind of layout, the reinstall selection, fstab and mdadm.conf. */
class DiskPlanTest {

    static final Path ROOT = Path.of("/run/osimg-root");
    static final long GIB = 1L << 30;

    static List<String> lines(List<DiskPlan.Step> steps) {
        return steps.stream().map(DiskPlan.Step::line).toList();
    }

    static DiskPlan.Facts facts(Map<String, Long> sizes, Map<String, List<String>> partitions) {
        return new DiskPlan.Facts(sizes, partitions);
    }

    @Test
    void plainEspAndRootAsToday() {
        DiskLayout l = DiskLayout.defaultLayout("/dev/loop3");
        DiskPlan plan = DiskPlan.of(l, facts(Map.of("/dev/loop3", GIB), Map.of("/dev/loop3", List.of("/dev/loop3p1"))), ROOT, false);
        assertThat(lines(plan.steps())).containsExactly(
                "wipefs -a /dev/loop3p1",
                "wipefs -a /dev/loop3",
                "sgdisk --zap-all /dev/loop3",
                "sgdisk --new=1:0:+512M --typecode=1:ef00 --change-name=1:efi --new=2:0:0 --typecode=2:8300 --change-name=2:root /dev/loop3",
                "mkfs.vfat -F 32 -n efi /dev/loop3p1",
                "mkfs.ext4 -F -q -L root /dev/loop3p2",
                "mount -t ext4 /dev/loop3p2 /run/osimg-root",
                "mount -t vfat /dev/loop3p1 /run/osimg-root/boot/efi");
        assertThat(plan.steps()).extracting(DiskPlan.Step::kind).containsExactly(DiskPlan.Kind.WIPE, DiskPlan.Kind.WIPE,
                DiskPlan.Kind.WIPE, DiskPlan.Kind.PARTITION, DiskPlan.Kind.FORMAT, DiskPlan.Kind.FORMAT, DiskPlan.Kind.MOUNT,
                DiskPlan.Kind.MOUNT);
        assertThat(plan.teardown()).isEmpty();
    }

    @Test
    void raidAndLvmOnTwoDisks() throws IOException {
        DiskLayout l = DiskLayout.parse(DiskLayoutTest.resource("layout-raid-lvm.yaml"));
        DiskPlan plan = DiskPlan.of(l, facts(Map.of("/dev/sda", 20 * GIB, "/dev/sdb", 20 * GIB), Map.of()), ROOT, false);
        assertThat(lines(plan.steps())).containsExactly(
                "wipefs -a /dev/sda",
                "sgdisk --zap-all /dev/sda",
                "wipefs -a /dev/sdb",
                "sgdisk --zap-all /dev/sdb",
                "sgdisk --new=1:0:+500M --typecode=1:ef00 --change-name=1:efi --new=2:0:+4000M --typecode=2:fd00 --change-name=2:root"
                        + " --new=3:0:0 --typecode=3:8e00 --change-name=3:varlib /dev/sda",
                "sgdisk --new=1:0:+500M --typecode=1:ef00 --change-name=1:efi --new=2:0:+4000M --typecode=2:fd00 --change-name=2:root"
                        + " --new=3:0:0 --typecode=3:8e00 --change-name=3:varlib /dev/sdb",
                "mdadm --create /dev/md/efi --run --homehost=any --level=1 --raid-devices=2 --assume-clean --metadata=1.0 /dev/sda1 /dev/sdb1",
                "mdadm --create /dev/md/root --run --homehost=any --level=1 --raid-devices=2 --assume-clean /dev/sda2 /dev/sdb2",
                "pvcreate -ff -y /dev/sda3",
                "pvcreate -ff -y /dev/sdb3",
                "vgcreate -y --addtag local vg00 /dev/sda3 /dev/sdb3",
                "lvcreate -y --wipesignatures y -n varlib -L 1000m --type raid1 -m 1 vg00",
                "lvcreate -y --wipesignatures y -n swap -L 256m --type linear vg00",
                "lvcreate -y --wipesignatures y -n data -l 100%FREE --type striped -i 2 vg00",
                "mkfs.vfat -F 32 -n efi /dev/md/efi",
                "mkfs.ext4 -F -q -L root /dev/md/root",
                "mkfs.ext4 -F -q -L varlib /dev/vg00/varlib",
                "mkswap -L swap /dev/vg00/swap",
                "mkfs.ext3 -F -q -L data -m 0 /dev/vg00/data",
                "mount -t ext4 /dev/md/root /run/osimg-root",
                "mount -t ext3 /dev/vg00/data /run/osimg-root/data",
                "mount -t vfat /dev/md/efi /run/osimg-root/boot/efi",
                "mount -t ext4 -o noatime /dev/vg00/varlib /run/osimg-root/var/lib");
        assertThat(lines(plan.teardown())).containsExactly(
                "vgchange -an vg00",
                "mdadm --stop /dev/md/root",
                "mdadm --stop /dev/md/efi");
    }

    @Test
    void raidZeroWithSparesAndLvmOnAnArray() {
        DiskLayout l = DiskLayout.parse("""
                {"disks": [{"device": "/dev/vda", "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]},
                           {"device": "/dev/vdb", "partitions": []}, {"device": "/dev/vdc", "partitions": []},
                           {"device": "/dev/vdd", "partitions": []}],
                 "raid": [{"arrayname": "/dev/md0", "devices": ["/dev/vdb", "/dev/vdc", "/dev/vdd"], "level": "1", "spares": 1,
                           "createoptions": ["--bitmap=internal"]}],
                 "volumegroups": [{"name": "data", "devices": ["/dev/md0"]}],
                 "logicalvolumes": [{"name": "all", "volumegroup": "data", "size": 0}],
                 "filesystems": [{"device": "/dev/vda1", "format": "ext4", "path": "/"},
                                 {"device": "/dev/data/all", "format": "ext4", "path": "/srv", "createoptions": ["-E", "nodiscard"]}]}""");
        DiskPlan plan = DiskPlan.of(l, facts(Map.of(), Map.of()), ROOT, false);
        assertThat(lines(plan.steps())).contains(
                "mdadm --create /dev/md0 --run --homehost=any --level=1 --raid-devices=2 --spare-devices=1 --assume-clean"
                        + " --bitmap=internal /dev/vdb /dev/vdc /dev/vdd",
                "pvcreate -ff -y /dev/md0",
                "vgcreate -y data /dev/md0",
                "lvcreate -y --wipesignatures y -n all -l 100%FREE --type linear data",
                "mkfs.ext4 -F -q -E nodiscard /dev/data/all");
        assertThat(lines(plan.steps())).filteredOn(s -> s.startsWith("sgdisk --new")).containsExactly(
                "sgdisk --new=1:0:0 --typecode=1:8300 /dev/vda");
        assertThat(lines(plan.steps())).filteredOn(s -> s.startsWith("wipefs")).containsExactly(
                "wipefs -a /dev/vda", "wipefs -a /dev/vdb", "wipefs -a /dev/vdc", "wipefs -a /dev/vdd");
    }

    @Test
    void fixedVolumesBeforeTheOneTakingTheRest() {
        DiskLayout l = DiskLayout.parse("""
                {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 0, "gpttype": "8e00"}]}],
                 "volumegroups": [{"name": "vg", "devices": ["/dev/sda1"]}],
                 "logicalvolumes": [{"name": "rest", "volumegroup": "vg", "size": 0}, {"name": "root", "volumegroup": "vg", "size": 2048}],
                 "filesystems": [{"device": "/dev/vg/root", "format": "ext4", "path": "/"}, {"device": "/dev/vg/rest", "format": "none"}]}""");
        assertThat(lines(DiskPlan.of(l, facts(Map.of(), Map.of()), ROOT, false).steps())).filteredOn(s -> s.startsWith("lvcreate"))
                .containsExactly("lvcreate -y --wipesignatures y -n root -L 2048m --type linear vg",
                        "lvcreate -y --wipesignatures y -n rest -l 100%FREE --type linear vg");
    }

    @Test
    void reinstallRebuildsOnlyTheDisksThatSayWipeonreinstall() throws IOException {
        DiskLayout l = DiskLayout.parse(DiskLayoutTest.resource("layout-reinstall.yaml"));
        DiskPlan.Facts facts = facts(Map.of("/dev/sda", 8 * GIB, "/dev/sdb", 8 * GIB, "/dev/sdc", 8 * GIB), Map.of(
                "/dev/sda", List.of("/dev/sda1", "/dev/sda2"), "/dev/sdb", List.of("/dev/sdb1"), "/dev/sdc", List.of("/dev/sdc1")));
        DiskPlan again = DiskPlan.of(l, facts, ROOT, true);
        assertThat(lines(again.steps())).containsExactly(
                "wipefs -a /dev/sda1",
                "wipefs -a /dev/sda2",
                "wipefs -a /dev/sda",
                "sgdisk --zap-all /dev/sda",
                "sgdisk --new=1:0:+500M --typecode=1:ef00 --change-name=1:efi --new=2:0:0 --typecode=2:8300 --change-name=2:root /dev/sda",
                "mdadm --assemble /dev/md1 /dev/sdb1 /dev/sdc1",
                "vgchange -ay data",
                "mkfs.vfat -F 32 -n efi /dev/sda1",
                "mkfs.ext4 -F -q -L root /dev/sda2",
                "mount -t ext4 /dev/sda2 /run/osimg-root",
                "mount -t ext4 /dev/data/keep /run/osimg-root/data",
                "mount -t vfat /dev/sda1 /run/osimg-root/boot/efi");
        assertThat(lines(again.teardown())).containsExactly("vgchange -an data", "mdadm --stop /dev/md1");
        assertThat(DiskPlan.reinstallProblems(l, facts)).isEmpty();

        DiskPlan first = DiskPlan.of(l, facts, ROOT, false);
        assertThat(lines(first.steps())).filteredOn(s -> s.startsWith("wipefs -a /dev/sd") && s.length() == "wipefs -a /dev/sda".length())
                .containsExactly("wipefs -a /dev/sda", "wipefs -a /dev/sdb", "wipefs -a /dev/sdc");
        assertThat(lines(first.steps())).contains("mdadm --create /dev/md1 --run --homehost=any --level=0 --raid-devices=2 /dev/sdb1 /dev/sdc1",
                "vgcreate -y data /dev/md1", "mkfs.ext4 -F -q -L keep /dev/data/keep");
    }

    @Test
    void reinstallRefusesWhatWouldBeKeptOnlyInPartAndKeptDisksWithoutTheirPartitions() throws IOException {
        DiskLayout l = DiskLayout.parse(DiskLayoutTest.resource("layout-raid-lvm.yaml").replaceFirst("wipeonreinstall: true", "wipeonreinstall: false"));
        assertThatThrownBy(() -> DiskPlan.of(l, facts(Map.of(), Map.of()), ROOT, true))
                .hasMessageContaining("reinstall: RAID array /dev/md/efi lies on [/dev/sda1] (on disks with wipeonreinstall false, kept) and on [/dev/sdb1] (wiped)");
        assertThat(DiskPlan.of(l, facts(Map.of(), Map.of()), ROOT, false).steps()).isNotEmpty();
        DiskLayout keep = DiskLayout.parse(DiskLayoutTest.resource("layout-reinstall.yaml"));
        assertThat(DiskPlan.reinstallProblems(keep, facts(Map.of(), Map.of("/dev/sdb", List.of("/dev/sdb1")))))
                .containsExactly("reinstall keeps /dev/sdc (wipeonreinstall false) but it has no partition /dev/sdc1 to keep");
    }

    @Test
    void volumesLargerThanTheirGroupOnTheRealDisks() throws IOException {
        DiskLayout l = DiskLayout.parse(DiskLayoutTest.resource("layout-raid-lvm.yaml"));
        // each disk: 500 + 4000 MiB fixed, 2 MiB GPT; the rest is the PV. 5000 MiB disks: 498 MiB PVs, 124 extents each;
        // varlib raid1 2 * (250 + 1) extents, swap 64, data at least 1: 567 extents
        DiskPlan.Facts small = facts(Map.of("/dev/sda", 5000L << 20, "/dev/sdb", 5000L << 20), Map.of());
        assertThat(DiskPlan.sizeProblems(l, small)).containsExactly("volume group vg00: the logical volumes need 2268 MiB"
                + " (with at least one extent for the one taking the rest) (raid1 volumes twice) but the group has 992 MiB on /dev/sda3, /dev/sdb3");
        assertThat(DiskPlan.sizeProblems(l, facts(Map.of("/dev/sda", 20 * GIB, "/dev/sdb", 20 * GIB), Map.of()))).isEmpty();
        assertThat(DiskPlan.sizeProblems(l, facts(Map.of(), Map.of()))).as("unknown sizes are not checked").isEmpty();
    }

    @Test
    void fstabByUuidWithTmpfsAndSwap() throws IOException {
        DiskLayout l = DiskLayout.parse(DiskLayoutTest.resource("layout-raid-lvm.yaml"));
        Map<String, String> uuids = Map.of("/dev/md/root", "r-uuid", "/dev/md/efi", "AB12-CD34", "/dev/vg00/varlib", "v-uuid",
                "/dev/vg00/data", "d-uuid", "/dev/vg00/swap", "s-uuid");
        assertThat(DiskPlan.fstab(l, uuids)).extracting(FstabEntry::line).containsExactly(
                "UUID=r-uuid / ext4 defaults 0 1",
                "UUID=d-uuid /data ext3 defaults 0 2",
                "UUID=AB12-CD34 /boot/efi vfat defaults 0 2",
                "UUID=v-uuid /var/lib ext4 noatime 0 2",
                "tmpfs /tmp tmpfs size=512m 0 0",
                "UUID=s-uuid none swap sw 0 0");
        assertThatThrownBy(() -> DiskPlan.fstab(l, Map.of("/dev/md/root", "r"))).hasMessageContaining("fstab: no UUID for /dev/vg00/data");
    }

    @Test
    void mdadmConfNamesTheArraysWithTheirMetadata() throws IOException {
        DiskLayout l = DiskLayout.parse(DiskLayoutTest.resource("layout-raid-lvm.yaml"));
        assertThat(DiskPlan.mdadmConf(l, Map.of("/dev/md/efi", "0a1b2c3d:11111111:22222222:33333333",
                "/dev/md/root", "4e5f6a7b:44444444:55555555:66666666"))).isEqualTo("""
                # written by osimg install: the RAID arrays of the disk layout
                HOMEHOST <ignore>
                ARRAY /dev/md/efi metadata=1.0 UUID=0a1b2c3d:11111111:22222222:33333333
                ARRAY /dev/md/root metadata=1.2 UUID=4e5f6a7b:44444444:55555555:66666666
                """);
        assertThatThrownBy(() -> DiskPlan.mdadmConf(l, Map.of())).hasMessageContaining("no UUID for RAID array /dev/md/efi");
    }
}
