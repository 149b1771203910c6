package io.osimg.core.checksum;

import java.io.IOException;

/**
 * The content of a file does not have the digest its checksum file (or manifest) promises. Carries both
 * digests in full.
 */
public final class DigestMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final DigestAlgorithm algorithm;
    private final String what;
    private final String expected;
    private final String actual;

    /**
     * @param algorithm the algorithm
     * @param what      what was hashed, e.g. {@code img.tar.lz4} or a URL
     * @param expected  the promised digest (hex)
     * @param actual    the computed digest (hex)
     */
    public DigestMismatchException(DigestAlgorithm algorithm, String what, String expected, String actual) {
        super(algorithm.id() + " of " + what + ": expected " + expected + " but got " + actual);
        this.algorithm = algorithm;
        this.what = what;
        this.expected = expected;
        this.actual = actual;
    }

    public DigestAlgorithm algorithm() {
        return algorithm;
    }

    public String what() {
        return what;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
