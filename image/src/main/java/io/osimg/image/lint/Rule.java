package io.osimg.image.lint;

/**
 * The contract rules {@code osimg lint} checks (CONTRACT.md section 6). IDs are stable: scripts may filter on them.
 */
public enum Rule {
    CHECKSUM_MD5("checksum-md5", "img.tar.lz4.md5 is present, well-formed and names img.tar.lz4"),
    CHECKSUM_SHA512("checksum-sha512", "img.tar.lz4.sha512 is present (installers prefer it over md5)"),
    PACKAGES_TXT("packages-txt", "packages.txt lies beside the image (recommended)"),
    VERSION_NAMING("version-naming", "the image lives at <release|stable|pull_requests/N>/<os>/<major.minor> and its ID parses"),
    INSTALL_SCRIPT("install-script", "/install.sh or /install-go, when present, is a regular, executable file (without one osimg's OS installer tasks configure the image)"),
    INSTALL_INTERPRETER("install-interpreter", "the interpreter named in install.sh's #! line exists in the image"),
    KERNEL("kernel", "a kernel kexec can load (x86 bzImage or arm64 Image) lies in /boot"),
    INITRD("initrd", "an initrd lies in /boot"),
    OS_RELEASE("os-release", "/etc/os-release or /usr/lib/os-release names the distribution"),
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
