package io.osimg.install.kexec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The real downcall, made harmless: a kernel descriptor of -1 cannot load anything, so the kernel answers
 * EBADF (after the privilege check, which root passes), proving number, marshalling and errno capture.
 * Never calls reboot.
 */
class KexecFileLoadIT {

    private static final int EBADF = 9;
    private static final int ENOSYS = 38;

    @Test
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|aarch64")
    void anInvalidDescriptorComesBackAsEbadf() {
        KexecSyscall real = ((FileLoadKexec) Kexec.forThisMachine()).calls();
        byte[] cmdline = {0};

        int errno = real.kexecFileLoad(-1, -1, cmdline.length, cmdline, KexecSyscall.KEXEC_FILE_NO_INITRAMFS);

        // errno captured and named either way; a sandboxed kernel without kexec (gVisor) says ENOSYS
        assertThat(real.errnoName(errno)).matches("(EBADF|ENOSYS) \\(.+\\)");
        assumeThat(errno).as("this kernel does not implement kexec_file_load").isNotEqualTo(ENOSYS);
        assertThat(errno).isEqualTo(EBADF);
    }
}
