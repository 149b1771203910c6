package io.osimg.core.checksum;

/**
 * Checksum files in the format of {@code md5sum}, {@code sha256sum} and {@code sha512sum}:
 * {@code <hex>  <name>\n}.
 *
 * <p>Reading follows the contract: the digest is the first whitespace-separated field; a name may follow,
 * separated by blanks, in text ({@code "  name"}) or binary ({@code " *name"}) mode; only the first line counts.
 * Upper-case hex is accepted and normalized to lower case. BSD-style ({@code MD5 (name) = hex}) lines and
 * backslash-escaped names are not supported.
 */
public final class ChecksumFile {

    private ChecksumFile() {
    }

    /** Exactly what {@code md5sum name} prints: hex, two spaces, the name, a newline. */
    public static String format(DigestAlgorithm a, String hex, String fileName) {
        String h = ChecksumLine.normalizeHex(a, hex, "formatting " + a.id() + " checksum of " + fileName);
        if (fileName == null || fileName.isEmpty() || fileName.indexOf('\n') >= 0 || fileName.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("formatting " + a.id() + " checksum: file name '" + fileName
                    + "' is empty or needs escaping");
        }
        return h + "  " + fileName + "\n";
    }

    /**
     * Parses the content of a checksum file.
     *
     * @param expectedFileName when not null and the line names a file, its base name must equal this base name
     * @throws IllegalArgumentException when the content is empty, the digest has the wrong length or is not hex,
     *                                  or the line names another file
     */
    public static ChecksumLine parse(DigestAlgorithm a, String content, String expectedFileName) {
        String what = a.id() + " checksum file" + (expectedFileName == null ? "" : " of " + expectedFileName);
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException(what + ": empty");
        }
        String line = content.strip().lines().findFirst().orElseThrow().strip();
        int end = 0;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
            end++;
        }
        String hex = line.substring(0, end);
        String name = line.substring(end).strip();
        if (name.startsWith("*")) {
            name = name.substring(1);
        }
        if (name.isEmpty()) {
            name = null;
        }
        ChecksumLine parsed;
        try {
            parsed = new ChecksumLine(a, hex, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage().replaceFirst("^checksum: ", ""), e);
        }
        if (expectedFileName != null && name != null && !baseName(name).equals(baseName(expectedFileName))) {
            throw new IllegalArgumentException(what + ": names file '" + name + "', expected '" + expectedFileName + "'");
        }
        return parsed;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
