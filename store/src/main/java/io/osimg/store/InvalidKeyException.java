package io.osimg.store;

/** An object key or prefix that breaks a rule of {@link BlobKey}: bad input at the edge. */
public final class InvalidKeyException extends IllegalArgumentException {

    private final String key;
    private final String reason;

    public InvalidKeyException(String key, String reason) {
        super("invalid object key '" + printable(key) + "': " + reason);
        this.key = key;
        this.reason = reason;
    }

    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
