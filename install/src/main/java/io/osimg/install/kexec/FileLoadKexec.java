package io.osimg.install.kexec;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * kexec by {@code kexec_file_load(2)}: the kernel verifies and places the files itself, we hand it read-only
 * descriptors and the command line.
 */
final class FileLoadKexec implements Kexec {

    private final KexecSyscall calls;

    FileLoadKexec(KexecSyscall calls) {
        this.calls = calls;
    }

    KexecSyscall calls() {
        return calls;
    }

    @Override
    public void load(Path kernel, Path initrd, String cmdline) throws IOException {
        Objects.requireNonNull(kernel, "kernel");
        byte[] line = nulTerminated(cmdline == null ? "" : cmdline);
        String call = "kexec_file_load(kernel=" + kernel + ", initrd=" + (initrd == null ? "none" : initrd) + ")";
        try (Fd k = openRead(kernel, call); Fd i = initrd == null ? null : openRead(initrd, call)) {
            long flags = i == null ? KexecSyscall.KEXEC_FILE_NO_INITRAMFS : 0;
            int errno = calls.kexecFileLoad(k.number(), i == null ? -1 : i.number(), line.length, line, flags);
            if (errno != 0) {
                throw new IOException(call + " = " + calls.errnoName(errno));
            }
        }
    }

    @Override
    public void reboot() throws IOException {
        calls.sync();
        int errno = calls.rebootKexec();
        throw new IOException("reboot(LINUX_REBOOT_CMD_KEXEC) = " + calls.errnoName(errno));
    }

    private static byte[] nulTerminated(String cmdline) {
        if (cmdline.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("kexec command line contains a NUL character");
        }
        byte[] text = cmdline.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(text, text.length + 1);
    }

    private static Fd openRead(Path file, String call) throws IOException {
        Path abs = file.toAbsolutePath();
        Path parent = abs.getParent();
        if (parent == null || abs.getFileName() == null) {
            throw new IOException(call + ": " + file + " is not a file");
        }
        try (Fd dir = Posix.openDirectory(parent)) {
            return Posix.openRead(dir, abs.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(call + ": opening " + file + " failed: " + e.getMessage(), e);
        }
    }
}
