package io.osimg.install.kexec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The marshalling around kexec_file_load, against a recording fake of the syscall. */
class FileLoadKexecTest {

    @TempDir
    Path dir;

    /** What one kexecFileLoad call saw, read from /proc while the descriptors were open. */
    record Seen(Path kernelFile, int kernelAccMode, Path initrdFile, int initrdAccMode, int initrdFd,
                long cmdlineLen, byte[] cmdline, long flags) {
    }

    static final class Recording implements KexecSyscall {
        final List<Seen> loads = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        int errno;

        @Override
        public int kexecFileLoad(int kernelFd, int initrdFd, long cmdlineLen, byte[] cmdline, long flags) {
            try {
                loads.add(new Seen(fdFile(kernelFd), accMode(kernelFd), initrdFd < 0 ? null : fdFile(initrdFd),
                        initrdFd < 0 ? -1 : accMode(initrdFd), initrdFd, cmdlineLen, cmdline.clone(), flags));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            calls.add("kexec_file_load");
            return errno;
        }

        @Override
        public void sync() {
            calls.add("sync");
        }

        @Override
        public int rebootKexec() {
            calls.add("reboot");
            return 1;
        }

        @Override
        public String errnoName(int errno) {
            return errno == 1 ? "EPERM (Operation not permitted)" : "errno " + errno;
        }

        private static Path fdFile(int fd) throws IOException {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
        }

        /** O_ACCMODE bits of the descriptor's flags (0 = O_RDONLY). */
        private static int accMode(int fd) throws IOException {
            String flags = Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd)).stream()
                    .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
            return Integer.parseInt(flags.substring("flags:".length()).strip(), 8) & 3;
        }
    }

    @Test
    void passesReadOnlyDescriptorsOfKernelAndInitrdTheCmdlineWithItsNulAndNoFlags() throws IOException {
        Path kernel = Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Path initrd = Files.writeString(dir.resolve("initrd.img"), "initrd");
        Recording fake = new Recording();

        new FileLoadKexec(fake).load(kernel, initrd, "console=ttyS1,115200n8 root=UUID=ä");

        assertThat(fake.loads).hasSize(1);
        Seen seen = fake.loads.getFirst();
        assertThat(seen.kernelFile()).isEqualTo(kernel.toRealPath());
        assertThat(seen.kernelAccMode()).isZero();
        assertThat(seen.initrdFile()).isEqualTo(initrd.toRealPath());
        assertThat(seen.initrdAccMode()).isZero();
        byte[] expected = "console=ttyS1,115200n8 root=UUID=ä\0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(seen.cmdline()).isEqualTo(expected);
        assertThat(seen.cmdlineLen()).isEqualTo(expected.length).isEqualTo(36);
        assertThat(seen.flags()).isZero();
    }

    @Test
    void withoutInitrdPassesMinusOneAndKexecFileNoInitramfs() throws IOException {
        Path kernel = Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Recording fake = new Recording();

        new FileLoadKexec(fake).load(kernel, null, "");

        Seen seen = fake.loads.getFirst();
        assertThat(seen.initrdFd()).isEqualTo(-1);
        assertThat(seen.flags()).isEqualTo(KexecSyscall.KEXEC_FILE_NO_INITRAMFS).isEqualTo(4);
        assertThat(seen.cmdline()).containsExactly(0);
        assertThat(seen.cmdlineLen()).isEqualTo(1);
    }

    @Test
    void anErrnoBecomesAnIOExceptionNamingKernelInitrdAndTheErrno() throws IOException {
        Path kernel = Files.writeString(dir.resolve("vmlinuz"), "kernel");
        Path initrd = Files.writeString(dir.resolve("initrd.img"), "initrd");
        Recording fake = new Recording();
        fake.errno = 1;

        assertThatThrownBy(() -> new FileLoadKexec(fake).load(kernel, initrd, "quiet"))
                .isInstanceOf(IOException.class)
                .hasMessage("kexec_file_load(kernel=" + kernel + ", initrd=" + initrd
                        + ") = EPERM (Operation not permitted)");
    }

    @Test
    void aMissingKernelFailsBeforeTheSyscallNamingIt() {
        Recording fake = new Recording();
        Path kernel = dir.resolve("missing-vmlinuz");

        assertThatThrownBy(() -> new FileLoadKexec(fake).load(kernel, null, ""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("kexec_file_load(kernel=" + kernel + ", initrd=none)")
                .hasMessageContaining("missing-vmlinuz");
        assertThat(fake.calls).isEmpty();
    }

    @Test
    void rebootSyncsFirstAndReportsTheErrnoWhenItReturns() {
        Recording fake = new Recording();

        assertThatThrownBy(() -> new FileLoadKexec(fake).reboot())
                .isInstanceOf(IOException.class)
                .hasMessage("reboot(LINUX_REBOOT_CMD_KEXEC) = EPERM (Operation not permitted)");
        assertThat(fake.calls).containsExactly("sync", "reboot");
    }

    @Test
    void forThisMachineOnX8664IsTheFfmImplementationWithSyscall320() {
        Kexec amd64 = Kexec.forArchitecture("Linux", "amd64");
        Kexec arm64 = Kexec.forArchitecture("Linux", "aarch64");

        assertThat(amd64).isInstanceOfSatisfying(FileLoadKexec.class, k -> assertThat(k.calls())
                .isInstanceOfSatisfying(LinuxKexecSyscall.class, s -> assertThat(s.number()).isEqualTo(320)));
        assertThat(arm64).isInstanceOfSatisfying(FileLoadKexec.class, k -> assertThat(k.calls())
                .isInstanceOfSatisfying(LinuxKexecSyscall.class, s -> assertThat(s.number()).isEqualTo(294)));
        if (System.getProperty("os.arch").equals("amd64")) {
            assertThat(Kexec.forThisMachine()).isInstanceOf(FileLoadKexec.class);
        }
    }

    @Test
    void elsewhereEveryCallFailsNamingTheArchitecture() {
        Kexec riscv = Kexec.forArchitecture("Linux", "riscv64");

        assertThatThrownBy(() -> riscv.load(dir.resolve("vmlinuz"), null, ""))
                .isInstanceOf(IOException.class).hasMessage("kexec is not supported on riscv64");
        assertThatThrownBy(riscv::reboot)
                .isInstanceOf(IOException.class).hasMessage("kexec is not supported on riscv64");
    }
}
