package io.osimg.image.lint;

import io.osimg.archive.lz4.Lz4FrameInputStream;
import io.osimg.archive.tar.EntryType;
import io.osimg.image.packages.DpkgPackage;
import io.osimg.image.packages.DpkgStatus;
import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.store.ImageFiles;
import io.osimg.trust.SignatureFiles;
import io.osimg.trust.Signatures;
import io.osimg.core.store.StoreLayout;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks an image directory against the contract rules of CONTRACT.md section 6. */
public final class Linter {

    /** Who signed the sha512 file and when (not checked against keys: that is verify --trust); unsigned warns. */
    private static Finding signature(Path imageDir) {
        try {
            SignatureFiles files = SignatureFiles.read(imageDir);
            List<Signatures.Found> found = Signatures.inspect(files.asc(), files.sig());
            if (found.isEmpty()) {
                return Rule.SIGNATURE.warn("unsigned: no " + ImageFiles.SHA512_ASC + " or " + ImageFiles.SHA512_SIG
                        + " (install --trust refuses it; sign it with osimg sign)");
            }
            if (files.sha512() == null) {
                return Rule.SIGNATURE.fail("signatures but no " + ImageFiles.SHA512 + " for them to cover");
            }
            return Rule.SIGNATURE.pass("signed by " + String.join(", ", found.stream().map(Signatures.Found::describe).toList()));
        } catch (IOException e) {
            return Rule.SIGNATURE.fail(e.getMessage());
        }
    }

    /** Lints the image in {@code imageDir} (the directory holding img.tar.lz4). */
    public LintReport lint(Path imageDir) throws IOException {
        Path image = imageDir.resolve(ImageFiles.IMAGE);
        if (!Files.isRegularFile(image)) {
            throw new NoSuchFileException(image.toString(), null, "no image archive here");
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(checksum(imageDir, DigestAlgorithm.MD5, Rule.CHECKSUM_MD5, true));
        findings.add(checksum(imageDir, DigestAlgorithm.SHA512, Rule.CHECKSUM_SHA512, false));
        findings.add(signature(imageDir));
        findings.add(Files.isRegularFile(imageDir.resolve(ImageFiles.PACKAGES))
                ? Rule.PACKAGES_TXT.pass("packages.txt present")
                : Rule.PACKAGES_TXT.warn("packages.txt is missing (optional for installers, expected by operators)"));
        findings.add(versionNaming(imageDir));

        ImageScan scan;
        try (InputStream in = new Lz4FrameInputStream(new BufferedInputStream(Files.newInputStream(image), 1 << 16))) {
            scan = ImageScan.read(in);
        } catch (IOException e) {
            throw new IOException("reading " + image + ": " + e.getMessage(), e);
        }
        Set<String> packages = installedPackages(scan);
        Optional<String> script = script(scan);
        findings.add(contractAge(script));
        findings.add(installScript(scan));
        findings.add(interpreter(scan));
        findings.add(kernel(scan));
        findings.add(initrd(scan));
        findings.add(osRelease(scan));
        findings.addAll(OsInstallerNeeds.check(scan, packages, script));
        findings.add(present(Rule.FRR, packages.contains("frr") || scan.node("usr/lib/frr/zebra").isPresent(),
                "FRR", "frr is not installed: routing to the host will not work in a metal-stack network"));
        findings.add(present(Rule.LLDPD, packages.contains("lldpd") || scan.node("usr/local/bin/lldpd").isPresent()
                        || scan.node("usr/sbin/lldpd").isPresent() || scan.node("usr/bin/lldpd").isPresent(),
                "an LLDP daemon", "no lldpd found (go-lldpd or lldpd): liveness after allocation cannot be checked"));
        findings.add(present(Rule.IGNITION, packages.contains("ignition") || packages.contains("cloud-init")
                        || scan.node("usr/bin/ignition").isPresent() || scan.node("usr/local/bin/ignition").isPresent(),
                "a first-boot tool", "neither ignition nor cloud-init found: user data will not be applied"));
        return new LintReport(imageDir.toString(), findings);
    }

    private static Finding checksum(Path dir, DigestAlgorithm algo, Rule rule, boolean required) throws IOException {
        Path file = dir.resolve(ImageFiles.IMAGE + algo.fileSuffix());
        if (!Files.isRegularFile(file)) {
            String msg = file.getFileName() + " is missing";
            return required ? rule.fail(msg) : rule.warn(msg);
        }
        try {
            ChecksumFile.parse(algo, Files.readString(file, StandardCharsets.UTF_8), ImageFiles.IMAGE);
            return rule.pass(file.getFileName() + " is well-formed");
        } catch (IllegalArgumentException e) {
            return rule.fail(file.getFileName() + ": " + e.getMessage());
        }
    }

    private static Finding versionNaming(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        int n = abs.getNameCount();
        // Try the longest suffix first so that pull_requests/<pr>/os/version is recognised.
        for (int take = Math.min(n, 5); take >= 3; take--) {
            String key = abs.subpath(n - take, n).toString().replace('\\', '/') + "/" + ImageFiles.IMAGE;
            var parsed = StoreLayout.parseKey(key);
            if (parsed.isPresent()) {
                try {
                    return Rule.VERSION_NAMING.pass("image " + StoreLayout.imageIdOf(parsed.get()));
                } catch (IllegalArgumentException e) {
                    return Rule.VERSION_NAMING.fail(key + ": " + e.getMessage());
                }
            }
        }
        return Rule.VERSION_NAMING.fail(abs + " does not follow <release|stable|pull_requests/N>/<os>/<major.minor>");
    }

    /** The install script the installer runs ({@code install-go} before {@code install.sh}, as metal-hammer), if any. */
    private static Optional<String> script(ImageScan scan) {
        for (String name : List.of("install-go", "install.sh")) {
            if (scan.resolve(name).isPresent()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static Finding contractAge(Optional<String> script) {
        return script.map(s -> Rule.CONTRACT_AGE.pass("old contract: /" + s + " configures the image at install"
                        + " (metal-hammer before 2026, osimg install)"))
                .orElseGet(() -> Rule.CONTRACT_AGE.pass("2026 contract: no install script; configured at install by"
                        + " osimg's OS installer tasks or metal-stack's os-installer (osimg install --os-installer)"));
    }

    private static Finding installScript(ImageScan scan) {
        for (String name : List.of("install.sh", "install-go")) {
            Optional<String> target = scan.resolve(name);
            if (target.isEmpty()) {
                continue;
            }
            ImageScan.Node node = scan.node(target.get()).orElseThrow();
            if (node.type() != EntryType.FILE) {
                return Rule.INSTALL_SCRIPT.fail("/" + name + " is a " + node.type().name().toLowerCase() + ", not a file");
            }
            if ((node.mode() & 0111) == 0) {
                return Rule.INSTALL_SCRIPT.fail(String.format("/%s is not executable (mode %04o)", name, node.mode()));
            }
            return Rule.INSTALL_SCRIPT.pass(String.format("/%s (mode %04o)", name, node.mode()));
        }
        return Rule.INSTALL_SCRIPT.pass("neither /install.sh nor /install-go: a scriptless image (2026 contract), "
                + "configured at install by osimg's own OS installer tasks (or by --os-installer)");
    }

    private static Finding interpreter(ImageScan scan) {
        Optional<byte[]> head = scan.content("install.sh");
        if (head.isEmpty()) {
            return scan.node("install-go").isPresent()
                    ? Rule.INSTALL_INTERPRETER.pass("/install-go is a binary")
                    : Rule.INSTALL_INTERPRETER.pass("no /install.sh to check (scriptless image)");
        }
        String text = new String(head.get(), StandardCharsets.UTF_8);
        if (!text.startsWith("#!")) {
            return Rule.INSTALL_INTERPRETER.fail("/install.sh has no #! line");
        }
        String line = text.lines().findFirst().orElse("#!").substring(2).trim();
        String interp = line.split("\\s+")[0];
        if (interp.equals("/usr/bin/env")) {
            String[] words = line.split("\\s+");
            return words.length > 1
                    ? Rule.INSTALL_INTERPRETER.pass("/install.sh runs " + words[1] + " through env")
                    : Rule.INSTALL_INTERPRETER.fail("/install.sh: '#!/usr/bin/env' names no program");
        }
        return scan.resolve(ImageScan.normalize(interp)).isPresent()
                ? Rule.INSTALL_INTERPRETER.pass("/install.sh runs " + interp)
                : Rule.INSTALL_INTERPRETER.fail("/install.sh runs " + interp + ", which the image does not have");
    }

    private static Finding kernel(ImageScan scan) {
        List<String> kernels = bootFiles(scan, "vmlinuz", "vmlinux", "Image", "bzImage", "kernel");
        if (kernels.isEmpty()) {
            return Rule.KERNEL.fail("no kernel (vmlinuz*) in /boot or at the root: there is nothing to kexec");
        }
        for (String k : kernels) {
            Optional<byte[]> head = scan.content(k);
            if (head.isPresent() && loadable(head.get())) {
                return Rule.KERNEL.pass("/" + k);
            }
        }
        return Rule.KERNEL.fail("/" + kernels.getFirst() + " is not an x86 bzImage nor an arm64 Image: kexec_file_load would refuse it");
    }

    /** x86 boot protocol: "HdrS" at 0x202; arm64 Image: "ARM\x64" at 0x38. */
    static boolean loadable(byte[] head) {
        boolean x86 = head.length >= 0x206 && head[0x202] == 'H' && head[0x203] == 'd' && head[0x204] == 'r' && head[0x205] == 'S';
        boolean arm64 = head.length >= 0x3c && head[0x38] == 'A' && head[0x39] == 'R' && head[0x3a] == 'M' && head[0x3b] == 0x64;
        return x86 || arm64;
    }

    private static Finding initrd(ImageScan scan) {
        List<String> initrds = bootFiles(scan, "initrd", "initramfs");
        return initrds.isEmpty()
                ? Rule.INITRD.warn("no initrd in /boot (kexec works without one only if the kernel needs none)")
                : Rule.INITRD.pass("/" + initrds.getFirst());
    }

    /** Regular files (after symlinks) under /boot or at the root whose name starts with one of the prefixes. */
    private static List<String> bootFiles(ImageScan scan, String... prefixes) {
        return scan.nodes().keySet().stream()
                .filter(p -> {
                    String name = p.startsWith("boot/") ? p.substring(5) : p;
                    if (name.contains("/")) {
                        return false;
                    }
                    for (String prefix : prefixes) {
                        if (name.startsWith(prefix)) {
                            return true;
                        }
                    }
                    return false;
                })
                .map(p -> scan.resolve(p).orElse(null))
                .filter(p -> p != null && scan.node(p).map(n -> n.type() == EntryType.FILE && n.size() > 0).orElse(false))
                .distinct()
                .sorted(Comparator.reverseOrder())
                .collect(Collectors.toList());
    }

    private static Finding osRelease(ImageScan scan) {
        for (String p : List.of("etc/os-release", "usr/lib/os-release")) {
            Optional<String> target = scan.resolve(p);
            if (target.isPresent()) {
                Optional<byte[]> content = scan.content(target.get());
                String text = content.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
                Optional<String> pretty = text.lines().filter(l -> l.startsWith("PRETTY_NAME=") || l.startsWith("ID="))
                        .findFirst();
                return pretty.isPresent()
                        ? Rule.OS_RELEASE.pass("/" + p + ": " + pretty.get())
                        : Rule.OS_RELEASE.warn("/" + p + " has neither PRETTY_NAME nor ID");
            }
        }
        return Rule.OS_RELEASE.warn("no /etc/os-release: tools cannot tell which distribution this is");
    }

    private static Finding present(Rule rule, boolean found, String what, String missing) {
        return found ? rule.pass(what + " found") : rule.warn(missing);
    }

    private static Set<String> installedPackages(ImageScan scan) throws IOException {
        Optional<byte[]> status = scan.content(DpkgStatus.PATH);
        if (status.isEmpty()) {
            return Set.of();
        }
        DpkgStatus db = DpkgStatus.parse(new InputStreamReader(new ByteArrayInputStream(status.get()), StandardCharsets.UTF_8));
        return db.packages().stream().filter(DpkgPackage::listed).map(DpkgPackage::name).collect(Collectors.toSet());
    }
}
