package io.osimg.install.kexec;

import java.io.IOException;
import java.nio.file.Path;

/** The kexec of a machine osimg cannot kexec on: every call fails naming the architecture. */
final class UnsupportedKexec implements Kexec {

    private final String arch;

    UnsupportedKexec(String arch) {
        this.arch = arch;
    }

    @Override
    public void load(Path kernel, Path initrd, String cmdline) throws IOException {
        throw new IOException("kexec is not supported on " + arch);
    }

    @Override
    public void reboot() throws IOException {
        throw new IOException("kexec is not supported on " + arch);
    }
}
