package io.osimg.install.contract;

import java.io.IOException;

/** The image's install script ran and exited with a code other than 0. */
public class InstallScriptException extends IOException {

    private final int exitCode;

    /**
     * @param script   the script as seen from outside the target, e.g. {@code /rootfs/install.sh}
     * @param exitCode its exit code
     */
    public InstallScriptException(String script, int exitCode) {
        super(script + " exited with code " + exitCode);
        this.exitCode = exitCode;
    }

    /** The exit code of the script (or of chroot when it could not start it: 125, 126, 127). */
    public int exitCode() {
        return exitCode;
    }
}
