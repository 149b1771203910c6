package io.osimg.install.kexec;

/**
 * The raw calls of a kexec, behind an interface so that the marshalling around them can be tested without
 * calling the kernel.
 */
public interface KexecSyscall {

    /** {@code KEXEC_FILE_NO_INITRAMFS}: there is no initrd ({@code initrd_fd} is ignored). */
    long KEXEC_FILE_NO_INITRAMFS = 0x4;

    /**
     * {@code kexec_file_load(kernelFd, initrdFd, cmdlineLen, cmdline, flags)}.
     *
     * @param cmdline    the command line bytes including the terminating NUL
     * @param cmdlineLen the length of {@code cmdline}, NUL included
     * @return 0 on success, else the errno
     */
    int kexecFileLoad(int kernelFd, int initrdFd, long cmdlineLen, byte[] cmdline, long flags);

    /** {@code sync()}. */
    void sync();

    /** {@code reboot(LINUX_REBOOT_CMD_KEXEC)}; returns only on failure, with the errno. */
    int rebootKexec();

    /** The symbolic name of an errno, e.g. {@code EPERM}. */
    String errnoName(int errno);
}
