package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.install.MachineDetails;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledCmdlineTest {

    private static final String BASE = "console=ttyS0 root=UUID=4f1c0f1e-root init=/sbin/init net.ifnames=0 "
            + "biosdevname=0 nvme_core.io_timeout=300";

    @TempDir
    Path root;

    private final List<String> ran = new ArrayList<>();

    /** A target whose chroot answers the given commands (joined by spaces) with the given output. */
    private OsTarget target(boolean raid, Map<String, String> answers) throws IOException {
        OsTarget t = Targets.target(root, Targets.machine());
        MachineDetails details = new MachineDetails("m", List.of(), "pw", "ttyS0", raid, "4f1c0f1e-root");
        return new OsTarget(root, t.allocation(), details, t.os()).withChroot((argv, stdin, workDir) -> {
            String command = String.join(" ", argv);
            ran.add(command);
            String out = answers.get(command);
            if (out == null) {
                throw new IOException(command + " exited with 1");
            }
            return out;
        });
    }

    @Test
    void withoutRaidTheLineIsOsInstallersAndNothingRuns() throws Exception {
        assertThat(InstalledCmdline.of(target(false, Map.of()))).isEqualTo(BASE);
        assertThat(ran).isEmpty();
    }

    @Test
    void aRootOnAnMdArrayGetsItsArrayUuidAndTheRaidDrivers() throws Exception {
        OsTarget t = target(true, Map.of(
                "blkid -U 4f1c0f1e-root", "/dev/md127\n",
                "mdadm --detail --export /dev/md127", "MD_LEVEL=raid1\nMD_DEVICES=2\nMD_METADATA=1.2\n"
                        + "MD_UUID=0a7e3c57:1b2f66de:9c1d4e11:5f6a7b8c\nMD_DEVNAME=root\n"));
        assertThat(InstalledCmdline.of(t)).isEqualTo(BASE
                + " rdloaddriver=raid0 rdloaddriver=raid1 rd.md.uuid=0a7e3c57:1b2f66de:9c1d4e11:5f6a7b8c");
        assertThat(ran).containsExactly("blkid -U 4f1c0f1e-root", "mdadm --detail --export /dev/md127");
    }

    @Test
    void arraysOnlyForDataLeaveTheLineAlone() throws Exception {
        OsTarget t = target(true, Map.of("blkid -U 4f1c0f1e-root", "/dev/mapper/vg0-root\n"));
        assertThat(InstalledCmdline.of(t)).isEqualTo(BASE);
        assertThat(ran).containsExactly("blkid -U 4f1c0f1e-root");
    }

    @Test
    void noRootDeviceOrNoArrayUuidFailsNamingIt() throws Exception {
        assertThatThrownBy(() -> InstalledCmdline.of(target(true, Map.of("blkid -U 4f1c0f1e-root", "\n"))))
                .isInstanceOf(IOException.class).hasMessageContaining("blkid -U 4f1c0f1e-root names no single root device");
        assertThatThrownBy(() -> InstalledCmdline.of(target(true, Map.of(
                "blkid -U 4f1c0f1e-root", "/dev/md127\n", "mdadm --detail --export /dev/md127", "MD_LEVEL=raid1\n"))))
                .isInstanceOf(IOException.class).hasMessage("raidenabled: mdadm --detail --export /dev/md127 names no MD_UUID");
        assertThatThrownBy(() -> InstalledCmdline.of(target(true, Map.of())))
                .isInstanceOf(IOException.class).hasMessageContaining("blkid -U 4f1c0f1e-root exited with 1");
    }
}
