package io.osimg.install.osinstaller;

import java.util.Locale;

/**
 * The operating systems osimg's OS installer knows, with what differs between them; detected from the {@code ID}
 * of {@code /etc/os-release} or forced by os-installer.yaml's {@code os_name}.
 */
public enum OperatingSystem {
    DEBIAN("metal-debian", "initrd.img-%s"),
    UBUNTU("metal-ubuntu", "initrd.img-%s"),
    ALMALINUX("almalinux", "initramfs-%s.img");

    private final String bootloaderId;
    private final String initrdFormat;

    OperatingSystem(String bootloaderId, String initrdFormat) {
        this.bootloaderId = bootloaderId;
        this.initrdFormat = initrdFormat;
    }

    /** The EFI boot entry's name. */
    public String bootloaderId() {
        return bootloaderId;
    }

    /** The initrd of kernel {@code version} under {@code /boot}. */
    public String initrdName(String version) {
        return initrdFormat.formatted(version);
    }

    /**
     * The system an os-release file describes, by its {@code ID} (quoted or not).
     *
     * @throws IllegalArgumentException when it has no {@code ID} or one osimg does not install
     */
    public static OperatingSystem fromOsRelease(String osRelease) {
        for (String line : osRelease.split("\n")) {
            if (line.startsWith("ID=")) {
                return named(line.substring(3).strip().replace("\"", "").replace("'", ""));
            }
        }
        throw new IllegalArgumentException("/etc/os-release: no ID=");
    }

    /** The system of this name ({@code debian}, {@code ubuntu}, {@code almalinux}). */
    public static OperatingSystem named(String name) {
        for (OperatingSystem os : values()) {
            if (os.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return os;
            }
        }
        throw new IllegalArgumentException("operating system '" + name + "' is not installable by osimg (debian, "
                + "ubuntu, almalinux)");
    }
}
