package io.osimg.image.source.layer;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a container source hands over its layers as they arrive, lowest first, so that reading them can start
 * before the image is complete.
 */
public interface LayerSink {

    /** Takes nothing. */
    LayerSink NONE = layer -> { };

    /** {@code layer}'s blob is complete on the disk. */
    void arrived(Layer layer);

    /**
     * {@code layer}'s blob is about to stream in (a download): its bytes, in order, may be copied to the stream
     * returned, which the caller closes at their end; {@link #arrived} follows once the blob is complete. Null: the
     * sink waits for {@link #arrived}.
     */
    default OutputStream streaming(Layer layer) throws IOException {
        return null;
    }
}
