package io.osimg.install;

import io.osimg.install.kexec.Kexec;
import java.io.IOException;

/** The last step: load the kernel of a verified, configured image and reboot into it. Does not return on success. */
@FunctionalInterface
public interface KexecStep {

    void boot(VerifiedImage image, BootPlan plan) throws IOException;

    /** {@code kexec_file_load} then {@code reboot(LINUX_REBOOT_CMD_KEXEC)} on this machine's architecture. */
    static KexecStep system() {
        return (image, plan) -> {
            Kexec kexec = Kexec.forThisMachine();
            kexec.load(plan.kernel(), plan.initrd(), plan.cmdline());
            kexec.reboot();
        };
    }
}
