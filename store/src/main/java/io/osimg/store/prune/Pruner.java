package io.osimg.store.prune;

import io.osimg.store.BlobStore;
import io.osimg.store.ExpirationLookup;
import io.osimg.store.ImageInventory;
import io.osimg.store.StoredImage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prunes a store ({@code osimg prune}), a directory or a bucket. Each image directory leaves the readers' view at
 * once ({@link BlobStore#deleteDirectory}: a directory is renamed into staging, then removed; in a bucket the
 * {@code .md5} goes first, then the other files).
 */
public final class Pruner {

    private final BlobStore store;

    public Pruner(BlobStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The plan for the store's images under {@code prefix} ({@code ""}: all). Changes nothing. */
    public PrunePlan plan(String prefix, int keep, InUseList inUse, Instant now) throws IOException {
        List<StoredImage> images = ImageInventory.of(store.list(prefix == null ? "" : prefix));
        return PrunePlanner.plan(images, keep, inUse, now, ExpirationLookup.of(store));
    }

    /** Deletes the plan's deletions; returns the directories actually removed. */
    public List<String> apply(PrunePlan plan) throws IOException {
        List<String> deleted = new ArrayList<>();
        for (StoredImage image : plan.deletions()) {
            if (store.deleteDirectory(image.directory())) {
                deleted.add(image.directory());
            }
        }
        return deleted;
    }
}
