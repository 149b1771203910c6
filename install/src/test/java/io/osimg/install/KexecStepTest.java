package io.osimg.install;

import io.osimg.install.kexec.Kexec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kexec step reports (the result event) between a load that worked and the reboot, never after a failed load. */
class KexecStepTest {

    private static final BootPlan PLAN = new BootPlan(Path.of("/target/boot/vmlinuz"), null, "console=ttyS0");

    private final List<String> calls = new ArrayList<>();

    private Kexec kexec(IOException loadFailure) {
        return new Kexec() {
            @Override
            public void load(Path kernel, Path initrd, String cmdline) throws IOException {
                calls.add("load " + kernel + " " + cmdline);
                if (loadFailure != null) {
                    throw loadFailure;
                }
            }

            @Override
            public void reboot() throws IOException {
                calls.add("reboot");
                throw new IOException("reboot(LINUX_REBOOT_CMD_KEXEC) = EPERM");
            }
        };
    }

    @Test
    void reportsAfterTheLoadAndBeforeTheReboot() {
        KexecStep step = KexecStep.of(kexec(null), () -> calls.add("result"));

        assertThatThrownBy(() -> step.boot(null, PLAN)).hasMessageContaining("EPERM");
        assertThat(calls).containsExactly("load /target/boot/vmlinuz console=ttyS0", "result", "reboot");
    }

    @Test
    void aFailedLoadNeverReports() {
        KexecStep step = KexecStep.of(kexec(new IOException("kexec_file_load(kernel=/target/boot/vmlinuz) = EPERM")),
                () -> calls.add("result"));

        assertThatThrownBy(() -> step.boot(null, PLAN)).hasMessageContaining("kexec_file_load");
        assertThat(calls).containsExactly("load /target/boot/vmlinuz console=ttyS0");
    }
}
