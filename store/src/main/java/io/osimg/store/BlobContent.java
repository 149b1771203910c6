package io.osimg.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * An open object: its metadata and a channel on its bytes. A filesystem store hands out a
 * {@link java.nio.channels.FileChannel}, which the HTTP server sends with zero-copy file regions.
 */
public record BlobContent(BlobInfo info, SeekableByteChannel channel) implements Closeable {

    public BlobContent {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(channel, "channel");
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
