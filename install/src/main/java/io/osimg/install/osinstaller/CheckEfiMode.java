package io.osimg.install.osinstaller;

import java.io.IOException;

/**
 * "check if running in efi mode": metal-stack machines boot by EFI; the installer's machine must have booted so,
 * unless it has no DMI at all (a container or a virtual environment without firmware), as os-installer checks.
 */
public final class CheckEfiMode implements OsTask {

    @Override
    public String name() {
        return "check if running in efi mode";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        if (!target.firmware().efi() && !target.firmware().virtual()) {
            throw new IOException("not running in EFI mode (no /sys/firmware/efi on a machine with DMI)");
        }
    }
}
