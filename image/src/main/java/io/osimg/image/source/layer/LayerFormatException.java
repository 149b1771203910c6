package io.osimg.image.source.layer;

import java.io.IOException;

/** A layer that cannot be applied: an escaping name, a hard link to nothing, a tar that is not one. */
public final class LayerFormatException extends IOException {
    public LayerFormatException(String message) {
        super(message);
    }

    public LayerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
