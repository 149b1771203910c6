package io.osimg.catalog;

import java.util.Objects;

/**
 * What an image ID resolved to.
 *
 * @param image the image
 * @param note  null for a release chosen by the selection rule; else why this image was taken (a stable or
 *              pull-request build found by its exact ID because no release matches), for stderr
 */
public record Resolution(CatalogImage image, String note) {

    public Resolution {
        Objects.requireNonNull(image, "image");
    }
}
