package io.osimg.install.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.machine.MachineDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiskLayoutTest {

    static String resource(String name) throws IOException {
        try (InputStream in = DiskLayoutTest.class.getResourceAsStream("/disk/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void defaultLayoutIsEspAndRootOverTheRest() {
        DiskLayout l = DiskLayout.defaultLayout("/dev/sda");
        assertThat(l.disks()).singleElement().satisfies(d -> {
            assertThat(d.device()).isEqualTo("/dev/sda");
            assertThat(d.partitions()).containsExactly(
                    new DiskLayout.Partition(1, "efi", 512, "ef00"),
                    new DiskLayout.Partition(2, "root", 0, "8300"));
            assertThat(d.requiredBytes()).isEqualTo(515L << 20);
        });
        assertThat(l.root().device()).isEqualTo("/dev/sda2");
        assertThat(l.mountOrder()).extracting(DiskLayout.Filesystem::path).containsExactly("/", "/boot/efi");
        assertThat(l.filesystems().getFirst().format()).isEqualTo(DiskLayout.Format.VFAT);
    }

    @Test
    void readsTheLayoutOfAMachineDocument() throws IOException {
        DiskLayout l = DiskLayout.fromMachine(MachineDocument.parse(resource("machine.json"))).orElseThrow();
        assertThat(l.disks()).singleElement().satisfies(d -> assertThat(d.partitions()).containsExactly(
                new DiskLayout.Partition(1, "efi", 500, "ef00"), new DiskLayout.Partition(2, "root", 0, "8300")));
        assertThat(l.filesystems()).containsExactly(
                new DiskLayout.Filesystem("/dev/sda1", DiskLayout.Format.VFAT, "/boot/efi", "efi", List.of("-F", "32"), List.of()),
                new DiskLayout.Filesystem("/dev/sda2", DiskLayout.Format.EXT4, "/", "root", List.of(), List.of()));
    }

    @Test
    void readsALayoutFileInYamlAndJson() throws IOException {
        DiskLayout yaml = DiskLayout.parse(resource("layout-two-disks.yaml"));
        assertThat(yaml.disks()).extracting(DiskLayout.Disk::device).containsExactly("/dev/sda", "/dev/sdb");
        assertThat(yaml.mountOrder()).extracting(DiskLayout.Filesystem::path).containsExactly("/", "/var", "/boot/efi");
        assertThat(yaml.filesystems().get(1).mounted()).isFalse();
        assertThat(yaml.filesystems().get(3).mountOptions()).containsExactly("noatime");
        DiskLayout json = DiskLayout.parse("""
                {"disks": [{"device": "/dev/vda", "partitions": [{"number": 1, "label": "root", "size": 0, "gpttype": "8300"}]}],
                 "filesystems": [{"device": "/dev/vda1", "format": "ext4", "path": "/", "label": "root"}]}""");
        assertThat(json.root().device()).isEqualTo("/dev/vda1");
    }

    @Test
    void mapsLayoutDisksOntoRealDevicesByPositionAndByName() throws IOException {
        DiskLayout l = DiskLayout.parse(resource("layout-two-disks.yaml"));
        DiskLayout positional = DeviceMap.of("/dev/loop3", "/dev/nvme0n1").apply(l);
        assertThat(positional.disks()).extracting(DiskLayout.Disk::device).containsExactly("/dev/loop3", "/dev/nvme0n1");
        assertThat(positional.filesystems()).extracting(DiskLayout.Filesystem::device)
                .containsExactly("/dev/loop3p1", "/dev/loop3p2", "/dev/loop3p3", "/dev/nvme0n1p1");
        DiskLayout named = DeviceMap.parse(List.of("/dev/sdb=/dev/vdc")).apply(l);
        assertThat(named.filesystems()).extracting(DiskLayout.Filesystem::device)
                .containsExactly("/dev/sda1", "/dev/sda2", "/dev/sda3", "/dev/vdc1");
        DiskLayout first = DeviceMap.of("/dev/loop3").apply(DiskLayout.defaultLayout("/dev/sda"));
        assertThat(first.root().device()).isEqualTo("/dev/loop3p2");
    }

    @Test
    void rejectsBadMappings() {
        DiskLayout l = DiskLayout.defaultLayout("/dev/sda");
        assertThatThrownBy(() -> DeviceMap.of("/dev/loop1", "/dev/loop2").apply(l))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 disks given but the layout has 1");
        assertThatThrownBy(() -> DeviceMap.parse(List.of("/dev/sdz=/dev/loop1")).apply(l))
                .hasMessageContaining("the layout has no disk /dev/sdz");
        assertThatThrownBy(() -> DeviceMap.parse(List.of("loop1"))).hasMessageContaining("absolute");
        assertThatThrownBy(() -> DeviceMap.of("/dev/loop1", "/dev/loop1").apply(DiskLayout.parse(resourceUnchecked("layout-two-disks.yaml"))))
                .hasMessageContaining("/dev/loop1 is listed twice");
    }

    @Test
    void rejectsInvalidLayoutsNamingTheCulprit() {
        assertThatThrownBy(() -> DiskLayout.parse("""
                {"disks": [{"device": "/dev/sda", "partitions": [
                   {"number": 1, "size": 0, "gpttype": "8300"}, {"number": 2, "size": 10, "gpttype": "8300"}]}],
                 "filesystems": [{"device": "/dev/sda1", "format": "ext4", "path": "/"}]}"""))
                .hasMessageContaining("partition 1: size 0 (the rest of the disk) must be the last partition");
        assertThatThrownBy(() -> DiskLayout.parse("""
                {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]}],
                 "filesystems": [{"device": "/dev/sdb1", "format": "ext4", "path": "/"}]}"""))
                .hasMessageContaining("file system /dev/sdb1: not a partition, disk, RAID array or logical volume of the layout");
        assertThatThrownBy(() -> DiskLayout.parse("""
                {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]}],
                 "filesystems": [{"device": "/dev/sda1", "format": "xfs", "path": "/"}]}"""))
                .hasMessageContaining("format 'xfs' is not supported");
        assertThatThrownBy(() -> DiskLayout.parse("""
                {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]}],
                 "filesystems": [{"device": "/dev/sda1", "format": "vfat", "path": "/boot"}]}"""))
                .hasMessageContaining("exactly one file system must be mounted at /, found 0");
        assertThatThrownBy(() -> DiskLayout.parse("""
                {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 0, "gpttype": "linux"}]}],
                 "filesystems": [{"device": "/dev/sda1", "format": "ext4", "path": "/"}]}"""))
                .hasMessageContaining("gpttype 'linux'");
        assertThatThrownBy(() -> DiskLayout.parse("""
                {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 0, "gpttype": "8300"}]}],
                 "filesystems": [{"device": "/dev/sda1", "format": "ext4", "path": "/", "label": "a-label-far-too-long"}]}"""))
                .hasMessageContaining("too long for ext4");
        assertThatThrownBy(() -> DiskLayout.parse("""
                {"disks": [{"device": "/dev/sda", "partitions": [{"number": 1, "size": 0, "gpttype": "fd00"}]}],
                 "filesystems": [{"device": "/dev/md1", "format": "ext4", "path": "/"}],
                 "raid": [{"arrayname": "/dev/md1", "devices": ["/dev/sda1"], "level": "1"}]}"""))
                .hasMessageContaining("RAID array /dev/md1: level 1 needs at least 2 active devices, it has 1");
    }

    private static String resourceUnchecked(String name) {
        try {
            return resource(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
