package io.osimg.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Several objects under one directory prefix (the files of one image) staged together and published
 * at once by {@link #commit()}. Closing without committing discards everything staged.
 */
public interface BlobTransaction extends Closeable {

    /** The directory prefix (a key without trailing slash) the objects are published under. */
    String directory();

    /** Stages {@code directory/name}; {@code name} may contain slashes. */
    StagedBlob stage(String name) throws IOException;

    /** Stages {@code directory/name} from a stream (not closed). */
    default void put(String name, InputStream data) throws IOException {
        StagedBlob blob = stage(name);
        blob.write(data);
    }

    /** Publishes every staged object together and returns their metadata, sorted by key. */
    List<BlobInfo> commit() throws IOException;

    /** Discards everything staged unless committed. Idempotent. */
    @Override
    void close() throws IOException;
}
