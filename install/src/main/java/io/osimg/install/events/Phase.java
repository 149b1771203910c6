package io.osimg.install.events;

import java.util.Locale;

/** The phases of an installation, in order. */
public enum Phase {
    PARTITION, DOWNLOAD, VERIFY, EXTRACT, CONFIGURE, INSTALL_SCRIPT, KEXEC;

    /** The name used in JSON events and on the terminal, e.g. {@code install-script}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
