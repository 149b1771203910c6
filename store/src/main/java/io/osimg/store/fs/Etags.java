package io.osimg.store.fs;

import io.osimg.catalog.StoreObject;
import io.osimg.store.BlobInfo;

import java.util.Map;

/** Builds {@link BlobInfo} with a file's strong entity tag, by the catalog's one rule ({@link StoreObject.Listed#ofFile}). */
final class Etags {

    private Etags() {
    }

    /** From the attributes {@code unix:size,lastModifiedTime,ino}. */
    static BlobInfo info(String key, Map<String, Object> attrs) {
        StoreObject.Listed file = StoreObject.Listed.ofFile(key, attrs);
        return new BlobInfo(key, file.size(), file.lastModified(), file.etag());
    }
}
