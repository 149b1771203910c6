package io.osimg.store.prune;

import io.osimg.store.ExpirationLookup;
import io.osimg.store.ImageInventory;
import io.osimg.store.StoredImage;
import io.osimg.store.fs.FsBlobStore;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prunes a filesystem store ({@code osimg prune}). Each image directory is deleted atomically from a reader's view
 * ({@link FsBlobStore#deleteDirectory}: renamed into staging, then removed).
 */
public final class Pruner {

    private final FsBlobStore store;

    public Pruner(FsBlobStore store) {
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
