package io.osimg.store;

/** An integrity failure: the digest of received bytes differs from the one announced. Carries both. */
public final class ChecksumMismatchException extends StoreException {

    private final String subject;
    private final String algorithm;
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String subject, String algorithm, String expected, String actual) {
        super(algorithm + " of " + subject + " is " + actual + " but " + expected + " was expected");
        this.subject = subject;
        this.algorithm = algorithm;
        this.expected = expected;
        this.actual = actual;
    }

    public String subject() {
        return subject;
    }

    public String algorithm() {
        return algorithm;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
