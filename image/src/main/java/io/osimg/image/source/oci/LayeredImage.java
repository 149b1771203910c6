package io.osimg.image.source.oci;

import io.osimg.core.image.ImageOrigin;
import io.osimg.image.source.layer.Layer;
import java.util.List;

/**
 * A container image ready to be flattened: its layers on disk, lowest first, and where it came from.
 */
public record LayeredImage(List<Layer> layers, ImageOrigin origin) {
    public LayeredImage {
        layers = List.copyOf(layers);
    }
}
