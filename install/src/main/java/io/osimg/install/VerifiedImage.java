package io.osimg.install;

import io.osimg.core.checksum.DigestAlgorithm;
import java.nio.file.Path;
import java.util.Map;

/**
 * Proof that the tree at {@link #target()} was extracted from an image whose every byte matched its checksum
 * files. Only {@link VerificationGate} makes one (the constructor is package-private), and every step that
 * configures, runs code from or boots the image ({@link ContractRunner}, kexec) takes one: such a step cannot be
 * reached with an image that did not verify.
 */
public final class VerifiedImage {

    private final Path target;
    private final Map<DigestAlgorithm, String> digests;
    private final long bytes;

    VerifiedImage(Path target, Map<DigestAlgorithm, String> digests, long bytes) {
        this.target = target;
        this.digests = Map.copyOf(digests);
        this.bytes = bytes;
    }

    /** The root the image was extracted onto. */
    public Path target() {
        return target;
    }

    /** The digests that matched, by algorithm (lower-case hex). */
    public Map<DigestAlgorithm, String> digests() {
        return digests;
    }

    /** The size of the compressed image. */
    public long bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "verified image at " + target + " " + digests;
    }
}
