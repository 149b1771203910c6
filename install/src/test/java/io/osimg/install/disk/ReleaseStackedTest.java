package io.osimg.install.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arrays and volumes an earlier install left active on disks about to be wiped are stopped, topmost first; those on
 * a disk a reinstall keeps are left alone, and a mounted one makes the disk busy. Against a fake /sys/class/block,
 * the commands recorded (this host's kernel has neither md nor device-mapper).
 */
class ReleaseStackedTest {

    @TempDir
    Path dir;
    Path sys;
    Path mountinfo;
    final List<String> run = new ArrayList<>();

    final Commands commands = new Commands() {
        @Override
        public Output run(List<String> command) {
            run.add(String.join(" ", command));
            return new Output("", "");
        }

        @Override
        public boolean available(String tool) {
            return true;
        }
    };

    @BeforeEach
    void disks() throws IOException {
        sys = dir.resolve("sys");
        for (String d : List.of("sda", "sdb", "sdc")) {
            Files.createDirectories(sys.resolve(d).resolve("holders"));
            Files.writeString(sys.resolve(d).resolve("size"), "2097152\n");
            Path p = Files.createDirectories(sys.resolve(d).resolve(d + "1"));
            Files.writeString(p.resolve("partition"), "1\n");
            Files.createDirectories(sys.resolve(d + "1").resolve("holders"));
        }
        // an earlier install: md127 over sda1 and sdb1, a volume vg0-data (dm-0) on it; keep-data (dm-1) on sdc1
        Files.createDirectories(sys.resolve("sda1/holders/md127"));
        Files.createDirectories(sys.resolve("sdb1/holders/md127"));
        Files.createDirectories(sys.resolve("md127/holders/dm-0"));
        Files.createDirectories(sys.resolve("dm-0/holders"));
        Files.createDirectories(sys.resolve("dm-0/dm"));
        Files.writeString(sys.resolve("dm-0/dm/name"), "vg0-data\n");
        Files.writeString(sys.resolve("dm-0/dev"), "254:0\n");
        Files.createDirectories(sys.resolve("sdc1/holders/dm-1"));
        Files.createDirectories(sys.resolve("dm-1/holders"));
        Files.createDirectories(sys.resolve("dm-1/dm"));
        Files.writeString(sys.resolve("dm-1/dm/name"), "keep-data\n");
        mountinfo = Files.writeString(dir.resolve("mountinfo"), "26 1 254:9 / / rw,relatime - ext4 /dev/vda rw\n");
    }

    DiskPreparer preparer() {
        return new DiskPreparer(commands, new BlockDevices(sys, mountinfo, dir.resolve("swaps")),
                KernelFilesystems.system(), BlockFeatures.system(), false);
    }

    static final DiskLayout LAYOUT = DiskLayout.parse("""
            {"disks": [{"device": "/dev/sda", "wipeonreinstall": true, "partitions": [{"number": 1, "size": 0, "gpttype": "fd00"}]},
                       {"device": "/dev/sdb", "wipeonreinstall": true, "partitions": [{"number": 1, "size": 0, "gpttype": "fd00"}]},
                       {"device": "/dev/sdc", "wipeonreinstall": false, "partitions": [{"number": 1, "size": 0, "gpttype": "8e00"}]}],
             "raid": [{"arrayname": "/dev/md/root", "devices": ["/dev/sda1", "/dev/sdb1"], "level": "1"}],
             "volumegroups": [{"name": "keep", "devices": ["/dev/sdc1"]}],
             "logicalvolumes": [{"name": "data", "volumegroup": "keep", "size": 0, "lvmtype": "linear"}],
             "filesystems": [{"device": "/dev/md/root", "format": "ext4", "path": "/"},
                             {"device": "/dev/keep/data", "format": "ext4", "path": "/srv"}]}""");

    @Test
    void aFirstInstallStopsEverythingOnAllItsDisksTopmostFirst() throws IOException {
        assertThat(preparer().releaseStacked(LAYOUT, false)).containsExactly("vg0-data", "/dev/md127", "keep-data");
        assertThat(run).containsExactly("dmsetup remove --retry vg0-data", "mdadm --stop /dev/md127",
                "dmsetup remove --retry keep-data");
    }

    @Test
    void aReinstallLeavesTheKeptDiskAlone() throws IOException {
        assertThat(preparer().releaseStacked(LAYOUT, true)).containsExactly("vg0-data", "/dev/md127");
        assertThat(run).doesNotContain("dmsetup remove --retry keep-data");
    }

    @Test
    void aMountedVolumeOnADiskToBeWipedMakesItBusyAndNothingIsStopped() throws IOException {
        Files.writeString(mountinfo, "40 26 254:0 / /data rw - ext4 /dev/mapper/vg0-data rw\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> preparer().releaseStacked(LAYOUT, true))
                .isInstanceOf(DiskCheckException.class)
                .hasMessageContaining("/dev/sda is in use: /dev/dm-0 is mounted on /data (stacked on /dev/sda)");
        assertThat(run).isEmpty();
    }
}
