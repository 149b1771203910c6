package io.osimg.core.checksum;

import java.util.HexFormat;
import java.util.Locale;

/**
 * One line of a checksum file.
 *
 * @param algo     the algorithm
 * @param hex      the digest, lower-case hex of {@link DigestAlgorithm#hexLength()} digits
 * @param fileName the file name the line names, null when the line has only the digest
 */
public record ChecksumLine(DigestAlgorithm algo, String hex, String fileName) {

    public ChecksumLine {
        if (algo == null) {
            throw new IllegalArgumentException("checksum line: no algorithm");
        }
        hex = normalizeHex(algo, hex, "checksum");
    }

    /** Validates a hex digest of {@code algo} and returns it in lower case. */
    static String normalizeHex(DigestAlgorithm algo, String hex, String what) {
        if (hex == null || hex.length() != algo.hexLength()) {
            throw new IllegalArgumentException(what + ": " + algo.id() + " digest '" + hex + "' has "
                    + (hex == null ? 0 : hex.length()) + " characters, expected " + algo.hexLength() + " hex digits");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(what + ": " + algo.id() + " digest '" + hex
                        + "' has a non-hex character at position " + i);
            }
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    /** The digest as bytes. */
    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** The line as {@code md5sum} prints it. */
    public String format() {
        return ChecksumFile.format(algo, hex, fileName);
    }
}
