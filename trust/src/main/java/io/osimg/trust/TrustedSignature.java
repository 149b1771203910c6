package io.osimg.trust;

import java.time.Instant;
import java.util.Objects;

/**
 * A signature over an image's sha512 file that the trust policy accepted.
 *
 * @param file    the signature file ({@code img.tar.lz4.sha512.asc} or {@code .sig})
 * @param key     the key as messages name it: an OpenPGP key ID and user ID, or {@code ecdsa-p256 sha256:...}
 * @param keyId   the key's ID: 16 hex digits for OpenPGP, the public key's SHA-256 (first 16 hex digits) for ECDSA
 * @param created when the signature was made; null for a blob signature, which does not say
 */
public record TrustedSignature(String file, String key, String keyId, Instant created) {

    public TrustedSignature {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keyId, "keyId");
    }

    /** {@code signed by KEY on CREATED (FILE)}. */
    public String describe() {
        return "signed by " + key + (created == null ? "" : " on " + created) + " (" + file + ")";
    }
}
