package io.osimg.image.lint;

/**
 * The contract rules {@code osimg lint} checks (CONTRACT.md section 6). IDs are stable: scripts may filter on them.
 */
public enum Rule {
    CHECKSUM_MD5("checksum-md5", "img.tar.lz4.md5 is present, well-formed and names img.tar.lz4"),
    CHECKSUM_SHA512("checksum-sha512", "img.tar.lz4.sha512 is present (installers prefer it over md5)"),
    SIGNATURE("signature", "img.tar.lz4.sha512 is signed (img.tar.lz4.sha512.asc or .sig): by whom and when; install --trust and mirror --trust need it"),
    PACKAGES_TXT("packages-txt", "packages.txt lies beside the image (recommended)"),
    VERSION_NAMING("version-naming", "the image lives at <release|stable|pull_requests/N>/<os>/<major.minor> and its ID parses"),
    CONTRACT_AGE("contract-age", "which contract the image follows: old (/install.sh or /install-go configures it) or 2026 (no script: osimg's OS installer or metal-stack's os-installer configures it)"),
    INSTALL_SCRIPT("install-script", "/install.sh or /install-go, when present, is a regular, executable file (without one osimg's OS installer tasks configure the image)"),
    INSTALL_INTERPRETER("install-interpreter", "the interpreter named in install.sh's #! line exists in the image"),
    KERNEL("kernel", "a kernel kexec can load (x86 bzImage or arm64 Image) lies in /boot"),
    INITRD("initrd", "an initrd lies in /boot"),
    OS_RELEASE("os-release", "/etc/os-release or /usr/lib/os-release names the distribution"),
    OS_INSTALLER_OS("os-installer-os", "scriptless image: /etc/os-release's ID (or os-installer.yaml's os_name) is one osimg's OS installer knows (debian, ubuntu, almalinux)"),
    OS_INSTALLER_USERADD("os-installer-useradd", "scriptless image: useradd exists (task 'create metal user')"),
    OS_INSTALLER_CHPASSWD("os-installer-chpasswd", "scriptless image: chpasswd exists (task 'create metal user' sets the password)"),
    OS_INSTALLER_BOOTLOADER("os-installer-bootloader", "scriptless image: the OS's bootloader is installed (grub-install with EFI modules; AlmaLinux grub2-mkconfig), needed on EFI machines"),
    OS_INSTALLER_KERNEL("os-installer-kernel", "scriptless image: one kernel, /boot/System.map-V with /boot/vmlinuz-V and the OS's initrd of V (task 'write /etc/metal/boot-info.yaml')"),
    FRR("frr", "FRR is installed (routing to the host)"),
    LLDPD("lldpd", "an LLDP daemon is installed (liveness after allocation)"),
    IGNITION("ignition", "ignition or cloud-init applies user data at first boot");

    private final String id;
    private final String description;

    Rule(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    Finding pass(String message) {
        return new Finding(id, Verdict.PASS, message);
    }

    Finding warn(String message) {
        return new Finding(id, Verdict.WARN, message);
    }

    Finding fail(String message) {
        return new Finding(id, Verdict.FAIL, message);
    }
}
