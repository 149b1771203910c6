package io.osimg.trust;

import java.util.Objects;

/**
 * An image's sha512 file and the signature files beside it, as fetched (exact bytes).
 *
 * @param image  the image, for messages (its URL, file or ID)
 * @param sha512 {@code img.tar.lz4.sha512}; null when the store has none
 * @param asc    {@code img.tar.lz4.sha512.asc}; null when the store has none
 * @param sig    {@code img.tar.lz4.sha512.sig}; null when the store has none
 */
public record SignatureFiles(String image, byte[] sha512, byte[] asc, byte[] sig) {

    public SignatureFiles {
        Objects.requireNonNull(image, "image");
    }

    public boolean signed() {
        return asc != null || sig != null;
    }
}
