package io.osimg.install.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BlockDevices} against a fake /sys/class/block, mountinfo and swaps. */
class BlockDevicesTest {

    @TempDir
    Path dir;
    Path sys;
    Path mountinfo;
    Path swaps;

    @BeforeEach
    void disk() throws IOException {
        sys = dir.resolve("sys");
        disk("sdb", "8:16", 2097152);
        partition("sdb", "sdb1", "8:17", 1);
        partition("sdb", "sdb2", "8:18", 2);
        mountinfo = Files.writeString(dir.resolve("mountinfo"), "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n");
        swaps = Files.writeString(dir.resolve("swaps"), "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
    }

    void disk(String name, String dev, long sectors) throws IOException {
        Files.createDirectories(sys.resolve(name).resolve("holders"));
        Files.writeString(sys.resolve(name).resolve("dev"), dev + "\n");
        Files.writeString(sys.resolve(name).resolve("size"), sectors + "\n");
    }

    void partition(String disk, String name, String dev, int number) throws IOException {
        Path p = Files.createDirectories(sys.resolve(disk).resolve(name));
        Files.createDirectories(p.resolve("holders"));
        Files.writeString(p.resolve("dev"), dev + "\n");
        Files.writeString(p.resolve("partition"), number + "\n");
        Files.createDirectories(sys.resolve(name));
        Files.writeString(sys.resolve(name).resolve("dev"), dev + "\n");
        Files.writeString(sys.resolve(name).resolve("partition"), number + "\n");
        Files.createDirectories(sys.resolve(name).resolve("holders"));
    }

    BlockDevices devices() {
        return new BlockDevices(sys, mountinfo, swaps);
    }

    @Test
    void aFreeDiskIsNotBusyAndHasItsSizeAndPartitions() throws IOException {
        assertThat(devices().busy("sdb")).isEmpty();
        assertThat(devices().sizeBytes("sdb")).isEqualTo(1L << 30);
        assertThat(devices().partitions("sdb")).containsExactly("sdb1", "sdb2");
        assertThat(devices().partitionNumber("sdb2")).isEqualTo(2);
    }

    @Test
    void aMountedPartitionIsFoundByDeviceNumberWithTheMountPointUnescaped() throws IOException {
        Files.writeString(mountinfo, "40 26 8:18 / /mnt/my\\040disk rw - ext4 /dev/disk/by-label/x rw\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(devices().busy("sdb")).contains("/dev/sdb2 is mounted on /mnt/my disk");
    }

    @Test
    void aMountIsAlsoFoundBySourcePath() throws IOException {
        Files.writeString(mountinfo, "41 26 0:99 / /srv rw - btrfs /dev/sdb1 rw\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(devices().busy("sdb")).contains("/dev/sdb1 is mounted on /srv");
    }

    @Test
    void anActiveSwapAndAHolderMakeTheDiskBusy() throws IOException {
        Files.writeString(swaps, "/dev/sdb1 partition 1048572 0 -2\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(devices().busy("sdb")).contains("/dev/sdb1 is an active swap");
        Files.writeString(swaps, "Filename Type Size Used Priority\n");
        Files.createDirectories(sys.resolve("sdb2/holders/md0"));
        assertThat(devices().busy("sdb")).contains("/dev/sdb2 is held by md0");
    }

    @Test
    void devicesStackedOnADiskAreListedTopmostFirstWithTheirDeviceMapperNames() throws IOException {
        // sdb1 and sdb2 carry md127; a volume group on md127 has a raid1 volume dm-2 over its sub-volumes dm-0, dm-1
        for (String md : List.of("md127", "dm-0", "dm-1", "dm-2")) {
            Files.createDirectories(sys.resolve(md).resolve("holders"));
        }
        Files.createDirectories(sys.resolve("sdb1/holders/md127"));
        Files.createDirectories(sys.resolve("sdb2/holders/md127"));
        Files.createDirectories(sys.resolve("md127/holders/dm-0"));
        Files.createDirectories(sys.resolve("md127/holders/dm-1"));
        Files.createDirectories(sys.resolve("dm-0/holders/dm-2"));
        Files.createDirectories(sys.resolve("dm-1/holders/dm-2"));
        Files.createDirectories(sys.resolve("dm-2/dm"));
        Files.writeString(sys.resolve("dm-2/dm/name"), "vg0-mirror\n");
        assertThat(devices().stacked("sdb")).containsExactly("dm-2", "dm-0", "dm-1", "md127");
        assertThat(devices().dmName("dm-2")).isEqualTo("vg0-mirror");
        assertThat(devices().mountedOrSwap("sdb")).isEmpty();
        assertThat(devices().busy("sdb")).contains("/dev/sdb1 is held by md127");
        Files.writeString(sys.resolve("dm-2/dev"), "254:2\n");
        Files.writeString(mountinfo, "42 26 254:2 / /srv rw - ext4 /dev/mapper/vg0-mirror rw\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(devices().mountedOrSwap("dm-2")).contains("/dev/dm-2 is mounted on /srv");
    }
}
