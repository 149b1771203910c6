package io.osimg.store.publish;

import io.osimg.core.store.Channel;
import io.osimg.core.store.StoreKey;
import io.osimg.store.BlobStore;
import java.io.IOException;

/**
 * The one rule that keeps releases immutable: a release directory holding anything is never written again (not
 * even an empty directory is filled); stable and pull-request directories are replaced whole. Used by every
 * {@link ImagePublisher} and by the server's upload sessions, each asking its store whether the directory holds
 * anything; the publishing step itself refuses it again where the store can (a directory: {@code RENAME_NOREPLACE}).
 */
public final class ReleaseRule {

    /** Whether a store's image directory holds anything. */
    @FunctionalInterface
    public interface Occupancy {
        boolean holdsAnything(String imageDir) throws IOException;
    }

    private ReleaseRule() {
    }

    /**
     * @param store the store as messages name it
     * @throws ReleaseExistsException when {@code image} is a release and its directory holds anything
     */
    public static void requireNew(StoreKey image, String store, Occupancy occupancy) throws IOException {
        if (image.channel() == Channel.RELEASE && occupancy.holdsAnything(image.imageDir())) {
            throw new ReleaseExistsException(image, store);
        }
    }

    /** {@link #requireNew} on a {@link BlobStore}: the directory holds anything when an object's key lies below it. */
    public static void requireNew(StoreKey image, BlobStore store) throws IOException {
        requireNew(image, name(store), dir -> !store.list(dir + "/").isEmpty());
    }

    /** A blob store as messages name it: its directory, else what it says it is (a bucket and its endpoint). */
    static String name(BlobStore store) {
        return store.localRoot().map(Object::toString).orElseGet(store::toString);
    }
}
