package io.osimg.install;

import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.trust.TrustedSignature;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The digests an image must have, read from its checksum files before the image is fetched: md5 always (the
 * contract), sha512 when the store has {@code img.tar.lz4.sha512}.
 *
 * @param md5       lower-case hex
 * @param sha512    lower-case hex, null when the store has no sha512 file
 * @param signature the trusted signature over the sha512 file, null without a trust policy
 */
public record ExpectedDigests(String md5, String sha512, TrustedSignature signature) {

    public ExpectedDigests {
        Objects.requireNonNull(md5, "md5");
        if (signature != null) {
            Objects.requireNonNull(sha512, "a signature covers a sha512");
        }
    }

    /** Digests without a signature. */
    public ExpectedDigests(String md5, String sha512) {
        this(md5, sha512, null);
    }

    /** The algorithms to compute while streaming. */
    public Map<DigestAlgorithm, String> byAlgorithm() {
        Map<DigestAlgorithm, String> m = new EnumMap<>(DigestAlgorithm.class);
        m.put(DigestAlgorithm.MD5, md5);
        if (sha512 != null) {
            m.put(DigestAlgorithm.SHA512, sha512);
        }
        return Collections.unmodifiableMap(m);
    }
}
