package io.osimg.image.packages;

import java.util.Comparator;
import java.util.Objects;

/**
 * One package installed in an image, as its package database records it.
 *
 * @param name         the package name
 * @param version      the whole version as the packaging compares it: Debian's {@code [epoch:]upstream[-revision]},
 *                     RPM's {@code [epoch:]version-release}
 * @param architecture {@code amd64}, {@code all}, {@code x86_64}, {@code noarch}; "" when the database has none
 * @param summary      the one-line description, "" when unknown
 * @param license      the declared licence (RPM's {@code License:}), "" when unknown
 * @param epoch        RPM's epoch, "" when absent (Debian's epoch is part of {@code version})
 * @param listed       the line this package has in packages.txt ({@code rpm -qa}'s name-version-release.arch);
 *                     "" for dpkg, whose packages.txt is a table
 */
public record InstalledPackage(String name, String version, String architecture, String summary, String license,
        String epoch, String listed) {

    /** By name, then architecture, then version text: the order of the SBOM's components. */
    public static final Comparator<InstalledPackage> ORDER = Comparator.comparing(InstalledPackage::name)
            .thenComparing(InstalledPackage::architecture).thenComparing(InstalledPackage::version);

    public InstalledPackage {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a package without a name");
        }
        version = Objects.requireNonNullElse(version, "");
        architecture = Objects.requireNonNullElse(architecture, "");
        summary = Objects.requireNonNullElse(summary, "");
        license = Objects.requireNonNullElse(license, "");
        epoch = Objects.requireNonNullElse(epoch, "");
        listed = Objects.requireNonNullElse(listed, "");
    }

    /** RPM's version without the epoch ({@code version-release}); Debian's whole version. */
    public String versionWithoutEpoch() {
        return !epoch.isEmpty() && version.startsWith(epoch + ":") ? version.substring(epoch.length() + 1) : version;
    }
}
