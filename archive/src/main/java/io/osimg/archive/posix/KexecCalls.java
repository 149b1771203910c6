package io.osimg.archive.posix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The raw calls of a kexec: {@code kexec_file_load(2)}, {@code sync(2)} and
 * {@code reboot(LINUX_REBOOT_CMD_KEXEC)}. They return an errno instead of throwing, so the caller can
 * name kernel and initrd in its message.
 */
public final class KexecCalls {

    /** {@code LINUX_REBOOT_CMD_KEXEC}. */
    public static final int LINUX_REBOOT_CMD_KEXEC = 0x45584543;

    private KexecCalls() {
    }

    /**
     * {@code kexec_file_load(kernelFd, initrdFd, cmdline.length, cmdline, flags)} through {@code syscall(2)}.
     *
     * @param syscallNumber the number of kexec_file_load on this architecture
     * @param cmdline       the command line bytes including the terminating NUL (its length is passed as
     *                      {@code cmdline_len})
     * @return 0 on success, else the errno
     */
    public static int kexecFileLoad(long syscallNumber, int kernelFd, int initrdFd, byte[] cmdline, long flags) {
        try (var c = Syscalls.Call.open()) {
            MemorySegment line = c.allocate(Math.max(1, cmdline.length)).fill((byte) 0);
            MemorySegment.copy(cmdline, 0, line, ValueLayout.JAVA_BYTE, 0, cmdline.length);
            long r = Syscalls.kexecFileLoad(c, syscallNumber, kernelFd, initrdFd, cmdline.length, line, flags);
            return r < 0 ? c.errno() : 0;
        }
    }

    /** {@code sync()}: flushes file systems to disk. */
    public static void sync() {
        Syscalls.sync();
    }

    /**
     * {@code reboot(LINUX_REBOOT_CMD_KEXEC)}: starts the loaded kernel; returns only on failure.
     *
     * @return the errno
     */
    public static int rebootKexec() {
        try (var c = Syscalls.Call.open()) {
            Syscalls.reboot(c, LINUX_REBOOT_CMD_KEXEC);
            return c.errno();
        }
    }

    /** {@code EPERM (Operation not permitted)} for 1. */
    public static String describe(int errno) {
        return Errors.describe(errno);
    }

    /** {@code EPERM} for 1, {@code errno N} when unknown. */
    public static String errorName(int errno) {
        String name = Syscalls.errorName(errno);
        return name == null ? "errno " + errno : name;
    }
}
