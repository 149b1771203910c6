package io.osimg.image.lint;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.archive.tar.EntryType;
import io.osimg.core.image.OsRelease;
import io.osimg.core.json.Mappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What osimg's OS installer needs in a scriptless image (contract section 8), one rule each: a known OS, useradd,
 * chpasswd, the bootloader, one kernel with its initrd. An image with an install script does not need them (its
 * script configures it): the rules pass saying so. A missing tool would stop the install at its task, so it fails;
 * a missing bootloader only matters on EFI machines (kexec boots without one), so it warns.
 */
final class OsInstallerNeeds {

    private static final List<String> KNOWN = List.of("debian", "ubuntu", "almalinux");
    private static final String SYSTEM_MAP = "boot/System.map-";
    /** The tasks (metal-stack os-installer's names) that need what the rules check. */
    private static final String CREATE_USER = "create metal user";
    private static final String BOOTLOADER = "write booatloader config";
    private static final String BOOT_INFO = "write /etc/metal/boot-info.yaml";

    private OsInstallerNeeds() {
    }

    static List<Finding> check(ImageScan scan, Set<String> packages, Optional<String> script) {
        List<Rule> rules = List.of(Rule.OS_INSTALLER_OS, Rule.OS_INSTALLER_USERADD, Rule.OS_INSTALLER_CHPASSWD,
                Rule.OS_INSTALLER_BOOTLOADER, Rule.OS_INSTALLER_KERNEL);
        List<Finding> findings = new ArrayList<>();
        if (script.isPresent()) {
            for (Rule r : rules) {
                findings.add(r.pass("not needed: the image's /" + script.get() + " configures it (old contract)"));
            }
            return findings;
        }
        Optional<String> os = osName(scan);
        findings.add(os.filter(KNOWN::contains).map(id -> Rule.OS_INSTALLER_OS.pass("OS '" + id + "'"))
                .orElseGet(() -> Rule.OS_INSTALLER_OS.fail(os.map(id -> "OS '" + id + "' is not one osimg's OS"
                        + " installer knows (" + String.join(", ", KNOWN) + "): set os_name in"
                        + " /etc/metal/os-installer.yaml or add an install script")
                        .orElse("no ID in /etc/os-release (nor os_name in /etc/metal/os-installer.yaml): osimg's OS"
                                + " installer cannot tell which OS to configure"))));
        Tasks tasks = Tasks.of(scan);
        findings.add(tasks.unless(Rule.OS_INSTALLER_USERADD, CREATE_USER,
                () -> tool(scan, Rule.OS_INSTALLER_USERADD, "useradd", "the metal user cannot be created")));
        findings.add(tasks.unless(Rule.OS_INSTALLER_CHPASSWD, CREATE_USER,
                () -> tool(scan, Rule.OS_INSTALLER_CHPASSWD, "chpasswd", "the metal user's password cannot be set")));
        findings.add(tasks.unless(Rule.OS_INSTALLER_BOOTLOADER, BOOTLOADER, () -> bootloader(scan, packages, os.orElse(""))));
        findings.add(tasks.unless(Rule.OS_INSTALLER_KERNEL, BOOT_INFO, () -> kernel(scan, os.orElse(""))));
        return findings;
    }

    /**
     * The tasks the image's os-installer.yaml lets run ({@code only}, {@code except}); every task when it has none
     * or it cannot be read (the install then fails on it, naming the file).
     */
    private record Tasks(List<String> only, List<String> except) {

        static Tasks of(ImageScan scan) {
            Optional<byte[]> yaml = scan.content("etc/metal/os-installer.yaml");
            if (yaml.isEmpty()) {
                return new Tasks(List.of(), List.of());
            }
            try {
                JsonNode config = Mappers.yaml().readTree(yaml.get());
                return config == null || !config.isObject() ? new Tasks(List.of(), List.of())
                        : new Tasks(names(config.get("only")), names(config.get("except")));
            } catch (IOException e) {
                return new Tasks(List.of(), List.of());
            }
        }

        private static List<String> names(JsonNode list) {
            List<String> names = new ArrayList<>();
            if (list != null && list.isArray()) {
                list.forEach(n -> names.add(n.asText()));
            }
            return names;
        }

        boolean runs(String task) {
            return (only.isEmpty() || only.contains(task)) && !except.contains(task);
        }

        /** The rule's check when the task that needs it runs, else a pass saying the image leaves the task out. */
        Finding unless(Rule rule, String task, Supplier<Finding> check) {
            return runs(task) ? check.get()
                    : rule.pass("not needed: /etc/metal/os-installer.yaml leaves out the task '" + task + "'");
        }
    }

    /**
     * os-installer.yaml's {@code os_name} when the image forces one, else os-release's {@code ID} or, when osimg does
     * not know that, the first of its {@code ID_LIKE} it knows (as the installer picks), lower case.
     */
    static Optional<String> osName(ImageScan scan) {
        Optional<String> forced = value(scan, "etc/metal/os-installer.yaml", "os_name:");
        if (forced.isPresent()) {
            return forced;
        }
        for (String p : List.of("etc/os-release", "usr/lib/os-release")) {
            Optional<OsRelease> release = scan.resolve(p).flatMap(scan::content)
                    .map(b -> OsRelease.parse(new String(b, StandardCharsets.UTF_8)));
            if (release.isPresent() && !release.get().id().isEmpty()) {
                return release.get().knownAs(KNOWN).or(() -> Optional.of(release.get().id().toLowerCase(Locale.ROOT)));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> value(ImageScan scan, String path, String key) {
        return scan.content(path).flatMap(b -> new String(b, StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith(key)).findFirst()
                .map(l -> l.substring(key.length()).strip().replace("\"", "").replace("'", "")
                        .toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty()));
    }

    private static Finding tool(ImageScan scan, Rule rule, String name, String consequence) {
        return executable(scan, name)
                .map(p -> rule.pass("/" + p))
                .orElseGet(() -> rule.fail("no executable " + name + " in /usr/sbin, /sbin, /usr/bin or /bin: "
                        + consequence));
    }

    private static Optional<String> executable(ImageScan scan, String name) {
        for (String dir : List.of("usr/sbin/", "sbin/", "usr/bin/", "bin/")) {
            Optional<String> target = scan.resolve(dir + name);
            if (target.isPresent()) {
                ImageScan.Node node = scan.node(target.get()).orElseThrow();
                if (node.type() == EntryType.FILE && (node.mode() & 0111) != 0) {
                    return Optional.of(dir + name);
                }
            }
        }
        return Optional.empty();
    }

    private static Finding bootloader(ImageScan scan, Set<String> packages, String os) {
        if (os.equals("almalinux")) {
            return executable(scan, "grub2-mkconfig")
                    .map(p -> Rule.OS_INSTALLER_BOOTLOADER.pass("/" + p))
                    .orElseGet(() -> Rule.OS_INSTALLER_BOOTLOADER.warn("no grub2-mkconfig (package grub2-tools,"
                            + " with grub2-efi-x64): on an EFI machine the task 'write booatloader config' fails"));
        }
        Optional<String> install = executable(scan, "grub-install");
        boolean efiModules = scan.node("usr/lib/grub/x86_64-efi").isPresent()
                || scan.node("usr/lib/grub/arm64-efi").isPresent()
                || packages.stream().anyMatch(p -> p.startsWith("grub-efi-"));
        if (install.isPresent() && efiModules) {
            return Rule.OS_INSTALLER_BOOTLOADER.pass("/" + install.get() + " with EFI modules");
        }
        return Rule.OS_INSTALLER_BOOTLOADER.warn((install.isEmpty() ? "no grub-install" : "grub-install without EFI"
                + " modules") + " (package grub-efi-amd64 or grub-efi-arm64): on an EFI machine the task 'write"
                + " booatloader config' fails; machines started by kexec boot without it");
    }

    private static Finding kernel(ImageScan scan, String os) {
        List<String> versions = scan.nodes().keySet().stream()
                .filter(p -> p.startsWith(SYSTEM_MAP) && p.indexOf('/', 5) < 0)
                .map(p -> p.substring(SYSTEM_MAP.length()))
                .sorted()
                .toList();
        if (versions.size() != 1) {
            return Rule.OS_INSTALLER_KERNEL.fail(versions.isEmpty()
                    ? "no /boot/System.map-*: the OS installer cannot tell the kernel's version"
                    : "more than one kernel (" + String.join(", ", versions) + "): the OS installer needs one");
        }
        String v = versions.getFirst();
        String initrd = os.equals("almalinux") ? "boot/initramfs-" + v + ".img" : "boot/initrd.img-" + v;
        for (String need : List.of("boot/vmlinuz-" + v, initrd)) {
            Optional<String> target = scan.resolve(need);
            if (target.isEmpty() || scan.node(target.get()).orElseThrow().type() != EntryType.FILE) {
                return Rule.OS_INSTALLER_KERNEL.fail("kernel " + v + " has no /" + need);
            }
        }
        return Rule.OS_INSTALLER_KERNEL.pass("kernel " + v + ": /boot/vmlinuz-" + v + ", /" + initrd);
    }
}
