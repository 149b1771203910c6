package io.osimg.store.mirror;

import io.osimg.store.StoredImage;
import io.osimg.transfer.ProgressListener;

/** Receives what a mirror round does, e.g. to draw progress or log. Called from transfer threads. */
public interface MirrorListener {

    MirrorListener NONE = new MirrorListener() { };

    /** Progress of one file's transfer. */
    default ProgressListener transfer(StoredImage image, String file) {
        return ProgressListener.NONE;
    }

    default void fetched(StoredImage image, long bytes, boolean resumed) {
    }

    default void failed(StoredImage image, Exception e) {
    }

    default void deleted(String directory) {
    }
}
