package io.osimg.core.packages;

import java.util.Comparator;

/** How an image's software is packaged: its package database, the form of packages.txt and the version order. */
public enum Packaging {
    /** dpkg (Debian, Ubuntu): {@code var/lib/dpkg/status}, packages.txt as {@code dpkg -l} prints it. */
    DEB("deb", DebianVersion.ORDER),
    /** RPM (AlmaLinux, RHEL, Fedora): the rpm database, packages.txt as {@code rpm -qa} prints it. */
    RPM("rpm", RpmVersion.ORDER);

    private final String purlType;
    private final Comparator<String> versionOrder;

    Packaging(String purlType, Comparator<String> versionOrder) {
        this.purlType = purlType;
        this.versionOrder = versionOrder;
    }

    /** The package URL type: {@code deb} or {@code rpm}. */
    public String purlType() {
        return purlType;
    }

    /** The order of this packaging's version strings. */
    public Comparator<String> versionOrder() {
        return versionOrder;
    }

    /** The packaging of a package URL type ({@code deb}, {@code rpm}), or null for any other. */
    public static Packaging ofPurlType(String type) {
        for (Packaging p : values()) {
            if (p.purlType.equals(type)) {
                return p;
            }
        }
        return null;
    }
}
