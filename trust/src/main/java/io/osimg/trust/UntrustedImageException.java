package io.osimg.trust;

import java.io.IOException;

/**
 * An image the trust policy refuses: no signature, a signature by a key the policy does not hold, by an expired or
 * revoked key, a signature that does not match the checksum file, or a signature file that is not one. The message
 * names the image, the key (when there is one) and the reason.
 */
public final class UntrustedImageException extends IOException {

    public UntrustedImageException(String message) {
        super(message);
    }
}
