package io.osimg.core.checksum;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one comparison of digests computed over a file with the digests promised for it (by its checksum files, a
 * manifest, an upload's headers): the installer's verification gate, the mirror, {@code osimg verify} and the
 * upload handler all decide "matches" here. Hex case does not matter.
 */
public final class DigestCheck {

    private DigestCheck() {
    }

    /**
     * One {@link DigestMismatchException} per promised algorithm whose digest differs, in algorithm order; empty
     * when all match.
     *
     * @param what     what was hashed, for the messages: a file name or URL
     * @param expected the promised digests, hex
     * @param actual   the computed digests, hex
     * @throws IllegalStateException when a promised algorithm was not computed (a bug of the caller)
     */
    public static List<DigestMismatchException> mismatches(String what, Map<DigestAlgorithm, String> expected,
                                                           Map<DigestAlgorithm, String> actual) {
        List<DigestMismatchException> found = new ArrayList<>();
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            String want = expected.get(a);
            if (want == null) {
                continue;
            }
            String got = actual.get(a);
            if (got == null) {
                throw new IllegalStateException(a.id() + " of " + what + " was not computed");
            }
            if (!got.equalsIgnoreCase(want)) {
                found.add(new DigestMismatchException(a, what, want.toLowerCase(Locale.ROOT), got));
            }
        }
        return found;
    }

    /**
     * Passes when every promised digest matches.
     *
     * @throws DigestMismatchException the first mismatch, any further ones attached as suppressed
     */
    public static void require(String what, Map<DigestAlgorithm, String> expected, Map<DigestAlgorithm, String> actual)
            throws DigestMismatchException {
        List<DigestMismatchException> found = mismatches(what, expected, actual);
        if (!found.isEmpty()) {
            DigestMismatchException first = found.getFirst();
            found.subList(1, found.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
