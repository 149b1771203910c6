package io.osimg.install.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RAID and LVM part of a layout: what it models and every refusal, each naming the element. */
class LayoutValidationTest {

    /** Two disks with fixed partitions: sda1, sdb1 (fd00, 100 MiB) and sda2, sdb2 (8e00, 200 MiB). */
    static String layout(String raid, String groups, String volumes, String filesystems) {
        return """
                {"disks": [
                  {"device": "/dev/sda", "partitions": [{"number": 1, "size": 100, "gpttype": "fd00"}, {"number": 2, "size": 200, "gpttype": "8e00"}]},
                  {"device": "/dev/sdb", "partitions": [{"number": 1, "size": 100, "gpttype": "fd00"}, {"number": 2, "size": 200, "gpttype": "8e00"}]}],
                 "raid": [%s], "volumegroups": [%s], "logicalvolumes": [%s],
                 "filesystems": [%s]}""".formatted(raid, groups, volumes, filesystems);
    }

    static final String MD_ROOT = """
            {"arrayname": "/dev/md/root", "devices": ["/dev/sda1", "/dev/sdb1"], "level": "1"}""";
    static final String VG = """
            {"name": "vg0", "devices": ["/dev/sda2", "/dev/sdb2"]}""";
    static final String ROOT_ON_MD = """
            {"device": "/dev/md/root", "format": "ext4", "path": "/"}""";

    @Test
    void modelsTheWholeMetalStackLayout() throws IOException {
        DiskLayout l = DiskLayout.parse(DiskLayoutTest.resource("layout-raid-lvm.yaml"));
        assertThat(l.disks()).allSatisfy(d -> assertThat(d.wipeOnReinstall()).isTrue());
        assertThat(l.raids()).containsExactly(
                new DiskLayout.Raid("/dev/md/efi", DiskLayout.RaidLevel.RAID1, List.of("/dev/sda1", "/dev/sdb1"), 0, List.of("--metadata=1.0")),
                new DiskLayout.Raid("/dev/md/root", DiskLayout.RaidLevel.RAID1, List.of("/dev/sda2", "/dev/sdb2"), 0, List.of()));
        assertThat(l.volumeGroups()).containsExactly(new DiskLayout.VolumeGroup("vg00", List.of("/dev/sda3", "/dev/sdb3"), List.of("local")));
        assertThat(l.logicalVolumes()).containsExactly(
                new DiskLayout.LogicalVolume("varlib", "vg00", 1000, DiskLayout.LvmType.RAID1),
                new DiskLayout.LogicalVolume("swap", "vg00", 256, DiskLayout.LvmType.LINEAR),
                new DiskLayout.LogicalVolume("data", "vg00", 0, DiskLayout.LvmType.STRIPED));
        assertThat(l.logicalVolumes().getFirst().device()).isEqualTo("/dev/vg00/varlib");
        assertThat(l.root().device()).isEqualTo("/dev/md/root");
        assertThat(l.raidEnabled()).isTrue();
        assertThat(l.mountOrder()).extracting(DiskLayout.Filesystem::path).containsExactly("/", "/data", "/boot/efi", "/var/lib");
        assertThat(l.filesystems().getLast().tmpfs()).isTrue();
        assertThat(l.filesystems().getLast().mounted()).isFalse();
        DiskLayout keep = DiskLayout.parse(DiskLayoutTest.resource("layout-reinstall.yaml"));
        assertThat(keep.disks()).extracting(DiskLayout.Disk::wipeOnReinstall).containsExactly(true, false, false);
        assertThat(keep.raidEnabled()).isTrue();
    }

    @Test
    void deviceMapMovesMembersAndPhysicalVolumesWithTheirDisks() throws IOException {
        DiskLayout l = DeviceMap.of("/dev/vda", "/dev/loop7").apply(DiskLayout.parse(DiskLayoutTest.resource("layout-raid-lvm.yaml")));
        assertThat(l.raids().getFirst().devices()).containsExactly("/dev/vda1", "/dev/loop7p1");
        assertThat(l.volumeGroups().getFirst().devices()).containsExactly("/dev/vda3", "/dev/loop7p3");
        assertThat(l.root().device()).isEqualTo("/dev/md/root");
        assertThat(l.filesystems()).extracting(DiskLayout.Filesystem::device).contains("/dev/vg00/varlib", "tmpfs");
        assertThat(l.disks()).allSatisfy(d -> assertThat(d.wipeOnReinstall()).isTrue());
    }

    @Test
    void acceptsRaidAndLvmThatFit() {
        DiskLayout l = DiskLayout.parse(layout(MD_ROOT, VG, """
                {"name": "a", "volumegroup": "vg0", "size": 100, "lvmtype": "raid1"},
                {"name": "b", "volumegroup": "vg0", "size": 0, "lvmtype": "striped"}""", ROOT_ON_MD + """
                , {"device": "/dev/vg0/a", "format": "ext4", "path": "/var"}""" + """
                , {"device": "/dev/vg0/b", "format": "swap"}"""));
        assertThat(l.usesLvm()).isTrue();
    }

    @Test
    void refusesMembersAndVolumesUsedTwice() {
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT + """
                , {"arrayname": "/dev/md1", "devices": ["/dev/sda1", "/dev/sda2"], "level": "0"}""", "", "", ROOT_ON_MD)))
                .hasMessageContaining("RAID array /dev/md1: /dev/sda1 is used twice (already by RAID array /dev/md/root)");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, VG + """
                , {"name": "vg1", "devices": ["/dev/sdb2"]}""", "", ROOT_ON_MD)))
                .hasMessageContaining("volume group vg1: /dev/sdb2 is used twice (already by volume group vg0)");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, "", "", ROOT_ON_MD + """
                , {"device": "/dev/sda1", "format": "ext4", "path": "/var"}""")))
                .hasMessageContaining("file system /dev/sda1: /dev/sda1 is used twice (already by RAID array /dev/md/root)");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, """
                {"name": "vg0", "devices": ["/dev/md/root"]}""", "", ROOT_ON_MD)))
                .hasMessageContaining("file system /dev/md/root: /dev/md/root is used twice (already by volume group vg0)");
    }

    @Test
    void refusesDevicesNotInTheLayout() {
        assertThatThrownBy(() -> DiskLayout.parse(layout("""
                {"arrayname": "/dev/md0", "devices": ["/dev/sda1", "/dev/sdc1"], "level": "1"}""", "", "", ROOT_ON_MD)))
                .hasMessageContaining("RAID array /dev/md0: member /dev/sdc1 is not a partition or disk of the layout");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, """
                {"name": "vg0", "devices": ["/dev/md9"]}""", "", ROOT_ON_MD)))
                .hasMessageContaining("volume group vg0: physical volume /dev/md9 is not a partition, disk or RAID array of the layout");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, VG, """
                {"name": "a", "volumegroup": "vg9", "size": 10}""", ROOT_ON_MD)))
                .hasMessageContaining("logical volume vg9/a: volume group vg9 is not in the layout ([vg0])");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, VG, "", ROOT_ON_MD + """
                , {"device": "/dev/vg0/nope", "format": "ext4", "path": "/var"}""")))
                .hasMessageContaining("file system /dev/vg0/nope: not a partition, disk, RAID array or logical volume of the layout");
    }

    @Test
    void refusesLogicalVolumesLargerThanTheirGroup() {
        // two PVs of 200 MiB: 49 extents of 4 MiB each after the metadata, 392 MiB
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, VG, """
                {"name": "a", "volumegroup": "vg0", "size": 300, "lvmtype": "linear"},
                {"name": "b", "volumegroup": "vg0", "size": 100, "lvmtype": "linear"}""", ROOT_ON_MD)))
                .hasMessageContaining("volume group vg0: the logical volumes need 400 MiB (raid1 volumes twice) but the group has 392 MiB on /dev/sda2, /dev/sdb2");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, VG, """
                {"name": "a", "volumegroup": "vg0", "size": 200, "lvmtype": "raid1"}""", ROOT_ON_MD)))
                .hasMessageContaining("the logical volumes need 408 MiB");
        DiskLayout.parse(layout(MD_ROOT, VG, """
                {"name": "a", "volumegroup": "vg0", "size": 192, "lvmtype": "raid1"}""", ROOT_ON_MD));
    }

    @Test
    void refusesUnknownLevelsTypesAndFormatsAndOtherMistakes() {
        assertThatThrownBy(() -> DiskLayout.parse(layout("""
                {"arrayname": "/dev/md0", "devices": ["/dev/sda1", "/dev/sdb1"], "level": "5"}""", "", "", ROOT_ON_MD)))
                .hasMessageContaining("RAID array /dev/md0: RAID level '5' is not supported (0, 1)");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, VG, """
                {"name": "a", "volumegroup": "vg0", "size": 10, "lvmtype": "mirror"}""", ROOT_ON_MD)))
                .hasMessageContaining("logical volume vg0/a: lvmtype 'mirror' is not supported (linear, striped, raid1)");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, "", "", """
                {"device": "/dev/md/root", "format": "btrfs", "path": "/"}""")))
                .hasMessageContaining("file system /dev/md/root: format 'btrfs' is not supported");
        assertThatThrownBy(() -> DiskLayout.parse(layout("""
                {"arrayname": "/dev/sdq", "devices": ["/dev/sda1", "/dev/sdb1"], "level": "1"}""", "", "", ROOT_ON_MD)))
                .hasMessageContaining("RAID array /dev/sdq: the array name must be /dev/mdN or /dev/md/NAME");
        assertThatThrownBy(() -> DiskLayout.parse(layout("""
                {"arrayname": "/dev/md0", "devices": ["/dev/sda1", "/dev/sdb1"], "level": "0", "spares": 1}""", "", "", ROOT_ON_MD)))
                .hasMessageContaining("RAID array /dev/md0: 1 spares are not possible at level 0");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, """
                {"name": "vg0", "devices": ["/dev/sda2"]}""", """
                {"name": "a", "volumegroup": "vg0", "size": 10, "lvmtype": "raid1"}""", ROOT_ON_MD)))
                .hasMessageContaining("logical volume vg0/a: lvmtype raid1 needs at least 2 physical volumes, group vg0 has 1");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, VG, """
                {"name": "a", "volumegroup": "vg0", "size": 0}, {"name": "b", "volumegroup": "vg0", "size": 0}""", ROOT_ON_MD)))
                .hasMessageContaining("volume group vg0: more than one logical volume takes the rest (size 0)");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, "", "", ROOT_ON_MD + """
                , {"device": "tmpfs", "format": "tmpfs", "path": "/"}""")))
                .hasMessageContaining("path / is mounted twice");
        assertThatThrownBy(() -> DiskLayout.parse(layout(MD_ROOT, "", "", """
                {"device": "/dev/md/root", "format": "ext4", "path": "/srv"}""")))
                .hasMessageContaining("exactly one file system must be mounted at /, found 0");
    }
}
