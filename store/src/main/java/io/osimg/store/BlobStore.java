package io.osimg.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A flat namespace of immutable objects addressed by {@link BlobKey keys}. Writers never expose
 * partial objects: every write is staged and published atomically.
 */
public interface BlobStore extends Closeable {

    /** Metadata of the object, or empty when there is none. */
    Optional<BlobInfo> stat(String key) throws IOException;

    /** Every object whose key starts with {@code prefix} (may end mid-segment), sorted by key. */
    List<BlobInfo> list(String prefix) throws IOException;

    /**
     * Opens the object for reading. The returned info describes exactly the bytes the channel reads
     * (a concurrent replace is either wholly before or wholly after).
     *
     * @throws BlobNotFoundException when there is no such object
     */
    BlobContent read(String key) throws IOException;

    /** The object's bytes as a stream. */
    default InputStream open(String key) throws IOException {
        BlobContent content = read(key);
        return Channels.newInputStream(content.channel());
    }

    /** Starts writing one object; nothing is visible until {@link StagedBlob#publish()}. */
    StagedBlob stage(String key) throws IOException;

    /** Writes an object from a stream, atomically: readers see the old object or the whole new one. */
    default BlobInfo put(String key, InputStream data) throws IOException {
        try (StagedBlob staged = stage(key)) {
            staged.write(data);
            return staged.publish();
        }
    }

    /**
     * Starts a transaction that publishes several objects under one directory prefix (the files of one image)
     * so they appear together.
     */
    BlobTransaction begin(String directory) throws IOException;

    /** Removes the object; returns false when there was none. */
    boolean delete(String key) throws IOException;

    /**
     * Removes every object under {@code directory/} (the files of one image), so that readers stop seeing the image
     * first: a filesystem store renames the directory away in one step, a bucket deletes {@code img.tar.lz4.md5}
     * first (without it the directory is no image) and then the rest. Returns false when there was nothing.
     */
    boolean deleteDirectory(String directory) throws IOException;

    /**
     * The local directory holding the store's files, when the store is one: its reads come from the page cache and
     * can be sent as file regions, and a directory's changes show in its modification times. Empty for a remote store.
     */
    default Optional<Path> localRoot() {
        return Optional.empty();
    }

    /**
     * Staging on the store's own filesystem, when it has one: a directory of verified files prepared under
     * {@link LocalStaging#partialDirectory()} becomes an image directory by one rename, no copy. Empty for a remote
     * store.
     */
    default Optional<LocalStaging> localStaging() {
        return Optional.empty();
    }

    /** See {@link #localStaging()}. */
    interface LocalStaging {
        /** A place for work that survives a restart (partial downloads); its owner cleans it. */
        Path partialDirectory();

        /** Publishes {@code prepared} (a directory under {@link #partialDirectory()}) as {@code directory}. */
        List<BlobInfo> publishPrepared(String directory, Path prepared) throws IOException;
    }

    @Override
    default void close() throws IOException {
    }
}
