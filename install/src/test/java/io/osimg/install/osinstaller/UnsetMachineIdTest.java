package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsetMachineIdTest {

    @TempDir
    Path root;

    @Test
    void theImagesIdIsEmptiedAndTheDbusLinkKept() throws Exception {
        OsTarget t = Targets.target(root, Targets.machine());
        Files.writeString(root.resolve("etc/machine-id"), "0123456789abcdef0123456789abcdef\n");
        Files.createDirectories(root.resolve("var/lib/dbus"));
        Files.createSymbolicLink(root.resolve("var/lib/dbus/machine-id"), Path.of("/etc/machine-id"));

        new UnsetMachineId().run(t);

        assertThat(root.resolve("etc/machine-id")).isEmptyFile();
        assertThat(Files.readSymbolicLink(root.resolve("var/lib/dbus/machine-id"))).isEqualTo(Path.of("/etc/machine-id"));
    }

    @Test
    void anImageWithoutIdsStaysWithout() throws Exception {
        new UnsetMachineId().run(Targets.target(root, Targets.machine()));
        assertThat(root.resolve("etc/machine-id")).doesNotExist();
        assertThat(root.resolve("var")).doesNotExist();
    }
}
