package io.osimg.store.publish;

import io.osimg.core.store.StoreKey;
import java.io.Closeable;
import java.io.IOException;

/**
 * Publishes image directories into one store: a store directory ({@link DirectoryPublisher}), an osimg server
 * ({@link ServerPublisher}, through an upload session) or any {@link io.osimg.store.BlobStore}, a bucket say
 * ({@link BlobStorePublisher}, as one transaction). {@link ImagePublishers#forStore} picks the one a {@code --store}
 * value names.
 *
 * <p>The channel of the key decides how: a release is created once and never replaced
 * ({@link ReleaseExistsException}, checked by {@link ReleaseRule}); a stable or pull-request image replaces the one
 * there as a whole.
 */
public interface ImagePublisher extends Closeable {

    /**
     * Starts publishing the image directory of {@code image} (its file name does not matter): refuses an existing
     * release at once, before any work, and gives a local directory to write the image's files into.
     *
     * @throws ReleaseExistsException when {@code image} is a release the store holds already
     */
    StagedImage open(StoreKey image) throws IOException;

    /** The store, as messages name it: a directory, a server's URL, a bucket. */
    String store();

    @Override
    default void close() throws IOException {
    }
}
