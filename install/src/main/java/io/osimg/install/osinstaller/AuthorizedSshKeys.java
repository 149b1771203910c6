package io.osimg.install.osinstaller;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.Posix;
import io.osimg.install.contract.TargetFiles;
import java.io.IOException;

/**
 * "authorized ssh keys": the allocation's keys, one a line, in the metal user's {@code ~/.ssh/authorized_keys}
 * (0600, the directory 0700, both the user's). The user is looked up in the image's {@code /etc/passwd}.
 */
public final class AuthorizedSshKeys implements OsTask {

    /** The user metal-stack machines are reached as. */
    static final String METAL_USER = "metal";

    @Override
    public String name() {
        return "authorized ssh keys";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        PasswdEntry user = PasswdEntry.find(target.read("etc/passwd"), METAL_USER);
        String home = user.home().replaceAll("^/+", "");
        String keys = String.join("\n", target.allocation().sshPublicKeys());
        target.write(home + "/.ssh/authorized_keys", keys, 0600);
        TargetFiles.chown(target.root(), home + "/.ssh/authorized_keys", user.uid(), user.gid());
        TargetFiles.chown(target.root(), home + "/.ssh", user.uid(), user.gid());
        try (Fd dir = TargetFiles.openDirectory(target.root(), home + "/.ssh", false)) {
            Posix.chmod(dir, 0700);
        }
    }
}
