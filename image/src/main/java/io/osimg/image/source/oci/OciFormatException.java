package io.osimg.image.source.oci;

import java.io.IOException;

/** A container image source that is not what it claims: a layout without index.json, a manifest without layers. */
public final class OciFormatException extends IOException {
    public OciFormatException(String message) {
        super(message);
    }

    public OciFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
