package io.osimg.store;

import io.osimg.catalog.StoreObject;
import java.time.Instant;
import java.util.Objects;

/**
 * What a store knows about one object.
 *
 * @param key          the validated object key
 * @param size         length in bytes
 * @param lastModified modification time (full precision; HTTP truncates it to seconds)
 * @param etag         a strong entity tag including the double quotes, e.g. {@code "1f4-18c2a9d3e0b1c200-a1b2"};
 *                     it changes whenever the object's bytes can have changed
 */
public record BlobInfo(String key, long size, Instant lastModified, String etag) implements StoreObject {

    public BlobInfo {
        BlobKey.validate(key);
        if (size < 0) {
            throw new IllegalArgumentException("size of " + key + " is negative: " + size);
        }
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(etag, "etag");
        if (etag.length() < 2 || !etag.startsWith("\"") || !etag.endsWith("\"")) {
            throw new IllegalArgumentException("etag of " + key + " is not a quoted strong entity tag: " + etag);
        }
    }
}
