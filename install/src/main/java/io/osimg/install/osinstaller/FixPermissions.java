package io.osimg.install.osinstaller;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.Posix;
import io.osimg.install.contract.TargetFiles;
import java.io.IOException;

/** "fix wrong filesystem permissions": {@code /var/tmp} is 1777 (sticky, world-writable), as os-installer sets it. */
public final class FixPermissions implements OsTask {

    @Override
    public String name() {
        return "fix wrong filesystem permissions";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        try (Fd dir = TargetFiles.openDirectory(target.root(), "var/tmp", false)) {
            Posix.chmod(dir, 01777);
        }
    }
}
