package io.osimg.store.publish;

import io.osimg.core.store.StoreKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Publishes images into a store directory: the image is written into a claim in the store's {@code .staging}
 * ({@link StagingArea}) and published by one {@code renameat2}, so nothing is copied and nothing is visible before
 * it is whole. A release is refused before any work when its directory exists ({@link ReleaseRule}), and the rename
 * refuses it again ({@code RENAME_NOREPLACE}) if one appeared meanwhile.
 */
public final class DirectoryPublisher implements ImagePublisher {

    /** The kind of claim a build holds in {@code .staging}. */
    private static final String CLAIM = "build";

    private final Path root;

    public DirectoryPublisher(Path root) {
        this.root = root;
    }

    @Override
    public StagedImage open(StoreKey image) throws IOException {
        ReleaseRule.requireNew(image, store(), dir -> Files.exists(root.resolve(dir)));
        return StagingArea.open(root, image, CLAIM);
    }

    @Override
    public String store() {
        return root.toString();
    }
}
