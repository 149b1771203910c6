package io.osimg.image.packages;

import io.osimg.core.packages.Packaging;

import java.util.List;
import java.util.Objects;

/**
 * The packages of an image's package database and the packages.txt written for them.
 *
 * @param packaging   dpkg or RPM
 * @param packages    what the database lists (dpkg: what {@code dpkg -l} lists; RPM: what {@code rpm -qa} lists),
 *                    in {@link InstalledPackage#ORDER}
 * @param packagesTxt packages.txt: {@code dpkg -l} for dpkg, {@code rpm -qa} (sorted) for RPM
 */
public record PackageInventory(Packaging packaging, List<InstalledPackage> packages, String packagesTxt) {

    public PackageInventory {
        Objects.requireNonNull(packaging, "packaging");
        packages = packages.stream().sorted(InstalledPackage.ORDER).toList();
        Objects.requireNonNull(packagesTxt, "packagesTxt");
    }

    /** The dpkg database's packages as {@code dpkg -l} lists them. */
    public static PackageInventory of(DpkgStatus db) {
        List<InstalledPackage> listed = db.packages().stream().filter(DpkgPackage::listed)
                .map(p -> new InstalledPackage(p.name(), p.version(), p.architecture(), p.summary(), "", "", ""))
                .toList();
        return new PackageInventory(Packaging.DEB, listed, db.toDpkgList());
    }
}
