package io.osimg.install.kexec;

import io.osimg.archive.posix.KexecCalls;

/** {@link KexecSyscall} through the FFM door, with the syscall number of one architecture. */
final class LinuxKexecSyscall implements KexecSyscall {

    /** {@code __NR_kexec_file_load} on x86-64. */
    static final long X86_64 = 320;
    /** {@code __NR_kexec_file_load} on arm64. */
    static final long AARCH64 = 294;

    private final long number;

    LinuxKexecSyscall(long number) {
        this.number = number;
    }

    long number() {
        return number;
    }

    @Override
    public int kexecFileLoad(int kernelFd, int initrdFd, long cmdlineLen, byte[] cmdline, long flags) {
        if (cmdlineLen != cmdline.length) {
            throw new IllegalArgumentException("cmdline length " + cmdlineLen + " is not that of the " + cmdline.length
                    + " bytes given");
        }
        return KexecCalls.kexecFileLoad(number, kernelFd, initrdFd, cmdline, flags);
    }

    @Override
    public void sync() {
        KexecCalls.sync();
    }

    @Override
    public int rebootKexec() {
        return KexecCalls.rebootKexec();
    }

    @Override
    public String errnoName(int errno) {
        return KexecCalls.describe(errno);
    }
}
