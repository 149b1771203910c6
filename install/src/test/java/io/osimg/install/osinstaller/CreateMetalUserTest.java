package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.install.MachineDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateMetalUserTest {

    @TempDir
    Path root;

    private OsTarget target(OperatingSystem os, String password, RecordingChroot chroot) throws Exception {
        OsTarget t = Targets.target(root, Targets.machine());
        return new OsTarget(root, t.allocation(), new MachineDetails("m-1", List.of(), password, "ttyS1,115200n8",
                false, "u"), os).withChroot(chroot);
    }

    @Test
    void debianCreatesMetalInSudoAndSetsThePasswordOnStandardInput() throws Exception {
        RecordingChroot chroot = new RecordingChroot();
        Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");

        new CreateMetalUser().run(target(OperatingSystem.DEBIAN, "s3cret pw", chroot));

        assertThat(chroot.calls).containsExactly(
                new RecordingChroot.Call(List.of("useradd", "--create-home", "--uid", "1000", "--gid", "sudo",
                        "--shell", "/bin/bash", "metal"), null, null),
                new RecordingChroot.Call(List.of("chpasswd"), "metal:s3cret pw\n", null));
    }

    @Test
    void anExistingMetalIsRecreatedAndAlmaLinuxUsesWheelAndSetsRootsPasswordToo() throws Exception {
        RecordingChroot chroot = new RecordingChroot();
        Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("passwd"),
                "root:x:0:0::/root:/bin/sh\nmetal:x:1000:10::/home/metal:/bin/bash\n");

        new CreateMetalUser().run(target(OperatingSystem.ALMALINUX, "pw", chroot));

        assertThat(chroot.argvs()).containsExactly(List.of("userdel", "metal"),
                List.of("useradd", "--create-home", "--uid", "1000", "--gid", "wheel", "--shell", "/bin/bash", "metal"),
                List.of("chpasswd"));
        assertThat(chroot.calls.getLast().stdin()).isEqualTo("metal:pw\nroot:pw\n");
    }

    @Test
    void aMissingOrUnusablePasswordFailsBeforeAnyCommandAndAFailingCommandFailsTheTask() throws Exception {
        RecordingChroot chroot = new RecordingChroot();
        assertThatThrownBy(() -> new CreateMetalUser().run(target(OperatingSystem.DEBIAN, "", chroot)))
                .hasMessage("machine-details.yaml has no password for the metal user");
        assertThatThrownBy(() -> new CreateMetalUser().run(target(OperatingSystem.DEBIAN, "a:b", chroot)))
                .hasMessageContaining("colon");
        assertThat(chroot.calls).isEmpty();

        RecordingChroot failing = new RecordingChroot(java.util.Map.of(), List.of("useradd"));
        assertThatThrownBy(() -> new CreateMetalUser().run(target(OperatingSystem.DEBIAN, "pw", failing)))
                .hasMessageStartingWith("'useradd --create-home");
    }
}
