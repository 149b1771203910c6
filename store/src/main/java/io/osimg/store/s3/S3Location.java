package io.osimg.store.s3;

import io.osimg.store.BlobKey;
import io.osimg.store.InvalidKeyException;

/**
 * Where a store lives in S3: {@code s3://bucket/prefix}. Every object key of the store is {@code prefix/key} in the
 * bucket; the prefix may be empty ({@code s3://bucket}).
 *
 * @param bucket the bucket name (3 to 63 characters: lower-case letters, digits, {@code .} and {@code -})
 * @param prefix a valid key without leading or trailing slash, or empty
 */
public record S3Location(String bucket, String prefix) {

    public static final String SCHEME = "s3://";

    public S3Location {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("invalid S3 bucket name '" + bucket
                    + "': 3 to 63 characters, lower-case letters, digits, '.' and '-', starting and ending with a letter or digit");
        }
        if (prefix == null) {
            prefix = "";
        }
        if (!prefix.isEmpty()) {
            try {
                BlobKey.validate(prefix);
            } catch (InvalidKeyException e) {
                throw new IllegalArgumentException("invalid S3 prefix in s3://" + bucket + "/" + prefix + ": " + e.reason(), e);
            }
        }
    }

    /** True when {@code s} names an S3 store ({@code s3://...}). */
    public static boolean isS3(String s) {
        return s != null && s.startsWith(SCHEME);
    }

    /**
     * Parses {@code s3://bucket[/prefix][/]}; a trailing slash is dropped.
     *
     * @throws IllegalArgumentException when it is not such a location
     */
    public static S3Location parse(String s) {
        if (!isS3(s)) {
            throw new IllegalArgumentException("not an S3 location (s3://bucket/prefix): " + s);
        }
        String rest = s.substring(SCHEME.length());
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3Location(rest, "") : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The bucket's object name of a store key. */
    public String objectName(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /** The store key of a bucket object name, or null when it is not under the prefix. */
    public String keyOf(String objectName) {
        if (prefix.isEmpty()) {
            return objectName;
        }
        return objectName.startsWith(prefix + "/") ? objectName.substring(prefix.length() + 1) : null;
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
