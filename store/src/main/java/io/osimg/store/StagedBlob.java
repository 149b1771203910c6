package io.osimg.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * An object being written into the staging area. Write the bytes, then {@link #publish()};
 * {@link #close()} without publishing discards the staged bytes.
 */
public interface StagedBlob extends Closeable {

    /** The key the object will be published under. */
    String key();

    /** Appends all remaining bytes of {@code buffer}. */
    void write(ByteBuffer buffer) throws IOException;

    /** Appends all bytes of {@code data} (not closed). */
    default void write(InputStream data) throws IOException {
        byte[] chunk = new byte[256 * 1024];
        for (int n; (n = data.read(chunk)) >= 0; ) {
            write(ByteBuffer.wrap(chunk, 0, n));
        }
    }

    /** Bytes written so far. */
    long size();

    /** Makes the object visible atomically (replacing an older one) and returns its metadata. */
    BlobInfo publish() throws IOException;

    /** Discards the staged bytes unless published. Idempotent. */
    @Override
    void close() throws IOException;
}
