package io.osimg.catalog;

import java.time.Instant;

/**
 * What a catalog scan needs to know of one object of a store (a file of a store directory, an entry of an S3
 * listing, an object of a {@code BlobStore}).
 */
public interface StoreObject {

    /** The object's key below the store root, {@code /}-separated. */
    String key();

    /** Length in bytes. */
    long size();

    /** Modification time. */
    Instant lastModified();

    /** A tag that changes whenever the object's bytes may have changed (an HTTP ETag, quotes included). */
    String etag();

    /** A plain {@link StoreObject}. */
    record Listed(String key, long size, Instant lastModified, String etag) implements StoreObject {
    }
}
