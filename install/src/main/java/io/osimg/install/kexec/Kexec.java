package io.osimg.install.kexec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Starting a new kernel without going through the firmware: load it, then reboot into it. */
public interface Kexec {

    /**
     * Loads {@code kernel} (and {@code initrd}, null when there is none) with {@code cmdline} as the kernel to
     * start at the next {@link #reboot()}.
     */
    void load(Path kernel, Path initrd, String cmdline) throws IOException;

    /** Flushes file systems and starts the loaded kernel; returns only by throwing. */
    void reboot() throws IOException;

    /**
     * {@code kexec_file_load(2)} through FFM on x86-64 and arm64; elsewhere an implementation whose calls fail
     * with "kexec is not supported on ARCH".
     */
    static Kexec forThisMachine() {
        return forArchitecture(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** The implementation for {@code os.name} and {@code os.arch} values. */
    static Kexec forArchitecture(String osName, String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            if (a.equals("amd64") || a.equals("x86_64")) {
                return new FileLoadKexec(new LinuxKexecSyscall(LinuxKexecSyscall.X86_64));
            }
            if (a.equals("aarch64") || a.equals("arm64")) {
                return new FileLoadKexec(new LinuxKexecSyscall(LinuxKexecSyscall.AARCH64));
            }
        }
        return new UnsupportedKexec(osName.toLowerCase(Locale.ROOT).startsWith("linux") ? arch : osName + "/" + arch);
    }
}
