package io.osimg.install.osinstaller;

import io.osimg.core.image.OsRelease;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The operating systems osimg's OS installer knows, one small class each for what differs between them (boot
 * entry, initrd name, sudo group, NTP daemon, bootloader commands); detected from the {@code ID} of
 * {@code /etc/os-release} or forced by os-installer.yaml's {@code os_name}.
 */
public sealed interface OperatingSystem permits Debian, Ubuntu, AlmaLinux {

    OperatingSystem DEBIAN = new Debian();
    OperatingSystem UBUNTU = new Ubuntu();
    OperatingSystem ALMALINUX = new AlmaLinux();

    /** The {@code ID} of its os-release ({@code debian}, {@code ubuntu}, {@code almalinux}). */
    String id();

    /** The EFI boot entry's name. */
    String bootloaderId();

    /** The initrd of kernel {@code version} under {@code /boot}. */
    default String initrdName(String version) {
        return "initrd.img-" + version;
    }

    /** The group the metal user is created in, which may use sudo. */
    default String sudoGroup() {
        return "sudo";
    }

    /** Users whose password is set to the metal user's (AlmaLinux also root's: its rescue mode asks for it). */
    default List<String> passwordUsers() {
        return List.of(AuthorizedSshKeys.METAL_USER);
    }

    /**
     * The NTP configuration for a machine with these servers: the file relative to the root and its content.
     */
    default NtpFile ntpFile(List<String> servers) {
        return new NtpFile("etc/systemd/timesyncd.conf", "[Time]\nNTP=" + String.join(" ", servers) + "\n");
    }

    /**
     * {@code /etc/default/grub} for this system.
     *
     * @param port  the serial unit ({@code 1} of {@code ttyS1})
     * @param speed the serial speed ({@code 115200})
     */
    default String defaultGrub(String bootloaderId, String cmdline, String speed, String port, String rootUuid) {
        return "GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=" + bootloaderId + "\nGRUB_CMDLINE_LINUX_DEFAULT=\"\"\n"
                + "GRUB_CMDLINE_LINUX=\"" + cmdline + "\"\nGRUB_TERMINAL=serial\nGRUB_SERIAL_COMMAND=\"serial --speed="
                + speed + " --unit=" + port + " --word=8\"\n";
    }

    /** The commands, run chrooted, that install the bootloader on an EFI machine. */
    default List<List<String>> bootloaderCommands(String bootloaderId) {
        return List.of(
                List.of("grub-install", "--target=x86_64-efi", "--efi-directory=/boot/efi", "--boot-directory=/boot",
                        "--bootloader-id=" + bootloaderId, "--removable"),
                List.of("update-grub"));
    }

    /** An NTP configuration file. */
    record NtpFile(String path, String content) {
    }

    /**
     * The system an os-release file describes: its {@code ID} (quoted or not) when osimg knows it, else the first
     * of its {@code ID_LIKE} (the systems it derives from, os-release(5)) that osimg knows.
     *
     * @throws IllegalArgumentException when it has no {@code ID} or neither it nor its {@code ID_LIKE} is installable
     */
    static OperatingSystem fromOsRelease(String osRelease) {
        OsRelease release = OsRelease.parse(osRelease);
        if (release.id().isEmpty()) {
            throw new IllegalArgumentException("/etc/os-release: no ID=");
        }
        Optional<String> known = release.knownAs(List.of(DEBIAN.id(), UBUNTU.id(), ALMALINUX.id()));
        if (known.isEmpty() && !release.idLike().isEmpty()) {
            throw new IllegalArgumentException("operating system '" + release.id() + "' (ID_LIKE '" + release.idLike()
                    + "') is not installable by osimg (debian, ubuntu, almalinux)");
        }
        return named(known.orElse(release.id()));
    }

    private static OperatingSystem known(String name) {
        for (OperatingSystem os : List.of(DEBIAN, UBUNTU, ALMALINUX)) {
            if (os.id().equals(name.toLowerCase(Locale.ROOT))) {
                return os;
            }
        }
        return null;
    }

    /** The system of this name ({@code debian}, {@code ubuntu}, {@code almalinux}), case-insensitive. */
    static OperatingSystem named(String name) {
        OperatingSystem os = known(name);
        if (os == null) {
            throw new IllegalArgumentException("operating system '" + name + "' is not installable by osimg (debian, "
                    + "ubuntu, almalinux)");
        }
        return os;
    }
}
