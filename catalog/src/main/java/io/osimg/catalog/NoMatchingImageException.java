package io.osimg.catalog;

import io.osimg.core.image.ImageId;
import java.util.Optional;

/**
 * No image of a catalog matches a requested ID: the one "no match" failure of {@code resolve}, {@code install} and
 * the server's API (404, with {@link #getMessage()} as its message); the command line exits with code 3 for it.
 *
 * <p>The message: {@code no image matches ID in CATALOG: newest OS is ID'}, or {@code ...: it has no release of OS}
 * (without {@code in CATALOG} when the catalog is the server answering).
 */
public final class NoMatchingImageException extends IllegalArgumentException {

    private final transient ImageId requested;

    public NoMatchingImageException(ImageId requested, String catalog, Optional<CatalogImage> newest) {
        super(message(requested, catalog, newest));
        this.requested = requested;
    }

    public ImageId requested() {
        return requested;
    }

    /**
     * The message text.
     *
     * @param catalog where was looked, null when the catalog is the one answering (the server)
     * @param newest  the newest release of the requested OS, if any
     */
    public static String message(ImageId requested, String catalog, Optional<CatalogImage> newest) {
        return "no image matches " + requested + (catalog == null ? "" : " in " + catalog)
                + newest.map(n -> ": newest " + requested.os() + " is " + n.id())
                        .orElse(": it has no release of " + requested.os());
    }
}
