package io.osimg.install.osinstaller;

import io.osimg.install.contract.TargetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * "process userdata": {@code /etc/metal/userdata} (written by the contract step from the allocation) goes where
 * the image's first boot picks it up, told by its content as os-installer tells it: a {@code #cloud-config} in its
 * first three lines is cloud-init's, seeded as NoCloud ({@code /var/lib/cloud/seed/nocloud/user-data} and a
 * {@code meta-data} with the machine ID and hostname); anything else is ignition's, moved to {@code /config.ign}
 * and, when the image has {@code ignition}, its files stage run chrooted. Then {@code systemctl preset-all} when
 * the image has systemctl. As with os-installer, failing userdata tools are logged and the install goes on: the
 * machine must come up with bad userdata too.
 */
public final class ProcessUserdata implements OsTask {

    static final String USERDATA = "etc/metal/userdata";
    static final String NOCLOUD = "var/lib/cloud/seed/nocloud/";
    static final String IGNITION = "config.ign";

    @Override
    public String name() {
        return "process userdata";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        if (!target.isFile(USERDATA)) {
            target.log().accept("no userdata present at /" + USERDATA);
            return;
        }
        byte[] content = TargetFiles.read(target.root(), USERDATA);
        if (isCloudConfig(new String(content, StandardCharsets.UTF_8))) {
            TargetFiles.writeNew(target.root(), NOCLOUD + "user-data", content, 0600);
            target.write(NOCLOUD + "meta-data", "instance-id: " + target.details().id() + "\nlocal-hostname: "
                    + target.allocation().hostname() + "\n", 0600);
            target.log().accept("cloud-config userdata seeded for cloud-init as NoCloud in /" + NOCLOUD);
        } else {
            TargetFiles.writeNew(target.root(), IGNITION, content, 0600);
            TargetFiles.remove(target.root(), USERDATA);
            target.log().accept("ignition userdata moved to /" + IGNITION);
            if (target.hasProgram("ignition")) {
                tolerate(target, () -> target.chroot().run(List.of("ignition", "-oem", "file", "-stage",
                        "files", "-log-to-stdout"), null, "/"));
            }
        }
        if (target.hasProgram("systemctl")) {
            tolerate(target, () -> target.chroot().run("systemctl", "preset-all"));
        }
    }

    /** Whether one of the first three lines holds {@code #cloud-config}. */
    static boolean isCloudConfig(String content) {
        String[] lines = content.split("\n", 4);
        for (int i = 0; i < Math.min(3, lines.length); i++) {
            if (lines[i].contains("#cloud-config")) {
                return true;
            }
        }
        return false;
    }

    private interface Command {
        String run() throws IOException;
    }

    private static void tolerate(OsTarget target, Command command) {
        try {
            command.run();
        } catch (IOException e) {
            target.log().accept("continuing anyway: " + e.getMessage());
        }
    }
}
