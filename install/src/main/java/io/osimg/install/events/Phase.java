package io.osimg.install.events;

/** The phases of an installation, in order. */
public enum Phase {
    PARTITION, DOWNLOAD, VERIFY, EXTRACT, CONFIGURE, INSTALL_SCRIPT, KEXEC;

    /** The name used in JSON events and on the terminal, e.g. {@code install-script}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
