package io.osimg.install;

import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestCheck;
import io.osimg.core.checksum.DigestMismatchException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Compares the digests computed over the whole image with the expected ones (md5, the contract, and sha512 when
 * the store has it) through the shared {@link DigestCheck}. The only maker of {@link VerifiedImage}.
 */
final class VerificationGate {

    private VerificationGate() {
    }

    /**
     * @param what    the image, for messages (its URL or file)
     * @param actual  the digests computed over every byte of it
     * @throws DigestMismatchException naming the algorithm, the image and both digests; a second mismatch is
     *                                 attached as suppressed
     */
    static VerifiedImage check(String what, ExpectedDigests expected, Map<DigestAlgorithm, String> actual,
                               Path target, long bytes) throws DigestMismatchException {
        DigestCheck.require(what, expected.byAlgorithm(), actual);
        return new VerifiedImage(target, actual, bytes);
    }
}
