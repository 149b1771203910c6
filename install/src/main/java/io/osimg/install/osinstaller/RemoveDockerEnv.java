package io.osimg.install.osinstaller;

import io.osimg.install.contract.TargetFiles;
import java.io.IOException;

/**
 * "remove .dockerenv if running in virtual environment": an image built from a container has {@code /.dockerenv},
 * which makes systemd-detect-virt say docker and changes how services behave; it is removed.
 */
public final class RemoveDockerEnv implements OsTask {

    @Override
    public String name() {
        return "remove .dockerenv if running in virtual environment";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        if (TargetFiles.remove(target.root(), ".dockerenv")) {
            target.log().accept("removed /.dockerenv");
        }
    }
}
