package io.osimg.install;

import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestMismatchException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Compares the digests computed over the whole image with the expected ones: md5 (the contract) and sha512 when
 * the store has it. The only maker of {@link VerifiedImage}.
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
        DigestMismatchException first = null;
        for (Map.Entry<DigestAlgorithm, String> e : expected.byAlgorithm().entrySet()) {
            String got = actual.get(e.getKey());
            if (got == null) {
                throw new IllegalStateException(e.getKey().id() + " of " + what + " was not computed");
            }
            if (!got.equalsIgnoreCase(e.getValue())) {
                DigestMismatchException m = new DigestMismatchException(e.getKey(), what, e.getValue(), got);
                if (first == null) {
                    first = m;
                } else {
                    first.addSuppressed(m);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return new VerifiedImage(target, actual, bytes);
    }
}
