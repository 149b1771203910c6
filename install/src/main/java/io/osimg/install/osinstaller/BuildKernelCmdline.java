package io.osimg.install.osinstaller;

import java.io.IOException;

/**
 * "build kernel cmdline": checks that the command line can be built ({@link InstalledCmdline}); the tasks that
 * write it (boot-info.yaml, the bootloader) build the same line.
 */
public final class BuildKernelCmdline implements OsTask {

    @Override
    public String name() {
        return "build kernel cmdline";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        InstalledCmdline.of(target);
    }
}
