package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessUserdataTest {

    @TempDir
    Path root;

    private OsTarget withUserdata(String userdata, RecordingChroot chroot) throws Exception {
        OsTarget t = Targets.target(root, Targets.machine()).withChroot(chroot);
        Files.createDirectories(root.resolve("etc/metal"));
        Files.writeString(root.resolve("etc/metal/userdata"), userdata);
        return t;
    }

    @Test
    void cloudConfigIsSeededForCloudInitAsNoCloud() throws Exception {
        RecordingChroot chroot = new RecordingChroot();
        new ProcessUserdata().run(withUserdata("## template: jinja\n#cloud-config\npackages: [htop]\n", chroot));

        assertThat(root.resolve("var/lib/cloud/seed/nocloud/user-data"))
                .hasContent("## template: jinja\n#cloud-config\npackages: [htop]\n");
        assertThat(root.resolve("var/lib/cloud/seed/nocloud/meta-data"))
                .hasContent("instance-id: m-1\nlocal-hostname: node-1\n");
        assertThat(root.resolve("etc/metal/userdata")).exists();
        assertThat(chroot.calls).isEmpty();
    }

    @Test
    void anythingElseIsIgnitionsRunByTheImagesIgnitionAndItsFailureIsTolerated() throws Exception {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/ignition"), "");
        Files.writeString(root.resolve("usr/bin/systemctl"), "");
        RecordingChroot chroot = new RecordingChroot(Map.of(), List.of("ignition"));
        String ignition = "{\"ignition\":{\"version\":\"2.3.0\"}}";

        new ProcessUserdata().run(withUserdata(ignition, chroot));

        assertThat(root.resolve("config.ign")).hasContent(ignition);
        assertThat(root.resolve("etc/metal/userdata")).doesNotExist();
        assertThat(chroot.calls).containsExactly(
                new RecordingChroot.Call(List.of("ignition", "-oem", "file", "-stage", "files", "-log-to-stdout"),
                        null, "/"),
                new RecordingChroot.Call(List.of("systemctl", "preset-all"), null, null));
    }

    @Test
    void withoutUserdataNothingHappens() throws Exception {
        RecordingChroot chroot = new RecordingChroot();
        new ProcessUserdata().run(Targets.target(root, Targets.machine()).withChroot(chroot));
        assertThat(root.resolve("var")).doesNotExist();
        assertThat(root.resolve("config.ign")).doesNotExist();
        assertThat(ProcessUserdata.isCloudConfig("a\nb\nc\n#cloud-config\n")).isFalse();
    }
}
