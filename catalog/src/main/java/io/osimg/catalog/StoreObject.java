package io.osimg.catalog;

import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

        /**
         * A file of a store directory, from its attributes {@code unix:size,lastModifiedTime,ino}, with the strong
         * entity tag {@code "<size-hex>-<mtime-nanos-hex>-<inode-hex>"}: the one rule for a file's ETag, shared by the
         * directory catalog and the server's filesystem store.
         */
        public static Listed ofFile(String key, Map<String, Object> attrs) {
            long size = ((Number) attrs.get("size")).longValue();
            FileTime mtime = (FileTime) attrs.get("lastModifiedTime");
            long inode = ((Number) attrs.get("ino")).longValue();
            String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtime.to(TimeUnit.NANOSECONDS)) + "-"
                    + Long.toHexString(inode) + "\"";
            return new Listed(key, size, mtime.toInstant(), etag);
        }
    }
}
