package io.osimg.catalog;

import io.osimg.core.image.ImageVersion;

/**
 * What {@code GET /api/v1/images} and {@code osimg list} filter on; a null criterion matches everything.
 *
 * @param os             exact OS name ({@code ubuntu-small} is not {@code ubuntu})
 * @param version        a version request with selection rules: {@code 24.04} matches every 24.4.x, {@code 2}
 *                       every 2.x.y, a full version only itself
 * @param classification {@code preview}, {@code supported}, {@code deprecated}
 * @param feature        {@code machine} or {@code firewall}
 */
public record CatalogFilter(String os, String version, String classification, String feature) {

    public static final CatalogFilter ALL = new CatalogFilter(null, null, null, null);

    public CatalogFilter {
        os = blankToNull(os);
        version = blankToNull(version);
        classification = blankToNull(classification);
        feature = blankToNull(feature);
        if (version != null && ImageVersion.tryParse(version).isEmpty()) {
            throw new IllegalArgumentException("version filter '" + version + "' is not a version");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
