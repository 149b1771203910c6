package io.osimg.store;

import io.osimg.archive.staging.Staging;

/**
 * The one place where object keys are validated. A key is a relative, slash separated path
 * such as {@code metal-os/20240913/debian/13/img.tar.lz4}.
 *
 * <p>Rejected: the empty key, a leading or trailing {@code /}, empty segments ({@code a//b}),
 * the segments {@code .} and {@code ..}, backslashes, NUL and other control characters, and
 * keys whose first segment is {@link #STAGING_DIR} (the store's private staging area).
 * Keys arrive already percent-decoded exactly once; a {@code %} left in a key is an ordinary character.
 */
public final class BlobKey {

    /** Name of the directory under the store root where uploads are staged ({@link Staging}); never a key. */
    public static final String STAGING_DIR = Staging.DIRECTORY;

    /** Longest key accepted, in characters (S3 allows 1024 bytes). */
    public static final int MAX_LENGTH = 1024;

    private BlobKey() {
    }

    /**
     * Returns {@code key} when it is a valid object key.
     *
     * @throws InvalidKeyException naming the key and the rule it breaks
     */
    public static String validate(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidKeyException(String.valueOf(key), "is empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw new InvalidKeyException(key.substring(0, 64) + "...", "is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                throw new InvalidKeyException(key, "contains a backslash");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidKeyException(key, "contains a control character (0x" + Integer.toHexString(c) + ")");
            }
        }
        if (key.startsWith("/")) {
            throw new InvalidKeyException(key, "is absolute (starts with /)");
        }
        if (key.endsWith("/")) {
            throw new InvalidKeyException(key, "ends with /");
        }
        validateSegments(key);
        return key;
    }

    /**
     * Returns {@code prefix} when it is a valid listing prefix: empty, or a key, or a key followed by {@code /}.
     * A prefix may end in a partial segment ({@code metal-os/2024}).
     */
    public static String validatePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String body = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        try {
            validate(body);
        } catch (InvalidKeyException e) {
            throw new InvalidKeyException(prefix, "is not a valid prefix: " + e.reason());
        }
        return prefix;
    }

    private static void validateSegments(String key) {
        int start = 0;
        boolean first = true;
        while (start <= key.length()) {
            int slash = key.indexOf('/', start);
            int end = slash < 0 ? key.length() : slash;
            String segment = key.substring(start, end);
            if (segment.isEmpty()) {
                throw new InvalidKeyException(key, "has an empty segment (//)");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidKeyException(key, "has a '" + segment + "' segment");
            }
            if (first && segment.equals(STAGING_DIR)) {
                throw new InvalidKeyException(key, "is inside the private " + STAGING_DIR + " directory");
            }
            first = false;
            if (slash < 0) {
                return;
            }
            start = slash + 1;
        }
    }

    /** The parent "directory" of a key, without trailing slash, or "" for a top-level key. */
    public static String parent(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** The last segment of a key. */
    public static String name(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
