package io.osimg.store.publish;

import io.osimg.core.store.StoreKey;
import io.osimg.core.store.StoreLayout;
import java.nio.file.FileAlreadyExistsException;

/**
 * A release was to be published into a store that holds it already: releases are immutable. The one failure for it,
 * whichever store and whoever asks (a build, an upload session of the server).
 */
public final class ReleaseExistsException extends FileAlreadyExistsException {

    private final StoreKey image;

    public ReleaseExistsException(StoreKey image, String store) {
        super(store, null, "image " + StoreLayout.imageIdOf(image) + " (" + image.imageDir()
                + ") is published already and releases are immutable; publish it under a new release date");
        this.image = image;
    }

    /** A key of the image directory that exists. */
    public StoreKey image() {
        return image;
    }
}
