package io.osimg.store.fs;

import io.osimg.store.BlobInfo;

import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Builds {@link BlobInfo} with the strong entity tag {@code "<size-hex>-<mtime-nanos-hex>-<inode-hex>"}. */
final class Etags {

    private Etags() {
    }

    /** From the attributes {@code unix:size,lastModifiedTime,ino}. */
    static BlobInfo info(String key, Map<String, Object> attrs) {
        long size = (Long) attrs.get("size");
        FileTime mtime = (FileTime) attrs.get("lastModifiedTime");
        long inode = (Long) attrs.get("ino");
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtime.to(TimeUnit.NANOSECONDS)) + "-"
                + Long.toHexString(inode) + "\"";
        return new BlobInfo(key, size, mtime.toInstant(), etag);
    }
}
