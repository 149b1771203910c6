package io.osimg.install;

import io.osimg.install.kexec.Kexec;
import java.io.IOException;
import java.util.Objects;

/** The last step: load the kernel of a verified, configured image and reboot into it. Does not return on success. */
@FunctionalInterface
public interface KexecStep {

    void boot(VerifiedImage image, BootPlan plan) throws IOException;

    /** {@code kexec_file_load} then {@code reboot(LINUX_REBOOT_CMD_KEXEC)} on this machine's architecture. */
    static KexecStep system() {
        return system(() -> { });
    }

    /**
     * Like {@link #system()}, running {@code beforeReboot} once the kernel is loaded (a load that fails never gets
     * there): the last moment to report the outcome, e.g. the {@code result} event.
     */
    static KexecStep system(Runnable beforeReboot) {
        Objects.requireNonNull(beforeReboot, "beforeReboot");
        return (image, plan) -> of(Kexec.forThisMachine(), beforeReboot).boot(image, plan);
    }

    /** Loads with {@code kexec}, runs {@code beforeReboot}, reboots with {@code kexec}. */
    static KexecStep of(Kexec kexec, Runnable beforeReboot) {
        Objects.requireNonNull(kexec, "kexec");
        Objects.requireNonNull(beforeReboot, "beforeReboot");
        return (image, plan) -> {
            kexec.load(plan.kernel(), plan.initrd(), plan.cmdline());
            beforeReboot.run();
            kexec.reboot();
        };
    }
}
