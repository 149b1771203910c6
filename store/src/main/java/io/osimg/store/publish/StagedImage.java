package io.osimg.store.publish;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image directory being written: its files go into {@link #dir()}, and {@link #publish()} makes them visible in
 * the store together. Closing without publishing discards them; nothing of them was visible.
 */
public interface StagedImage extends AutoCloseable {

    /** The local directory the image's files are written into (flat: {@code img.tar.lz4}, its checksum files, ...). */
    Path dir();

    /**
     * Publishes the files of {@link #dir()} as the image directory, all at once.
     *
     * @throws ReleaseExistsException when the image is a release and another one was published meanwhile
     */
    PublishedImage publish() throws IOException;

    /** Deletes what was not published (and, after a replacement, the old image). Never throws. */
    @Override
    void close();
}
