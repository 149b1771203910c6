package io.osimg.install;

import java.io.IOException;
import java.io.InputStream;

/**
 * Lends a stream to another reader (the LZ4 decoder's thread) until {@link #detach()}: afterwards that reader gets
 * an error and the owner may read the rest itself, e.g. to finish a digest after a failed extraction. Closing it
 * does not close the underlying stream, which stays the owner's.
 */
final class DetachableInputStream extends InputStream {

    private final InputStream in;
    private final Object lock = new Object();
    private boolean detached;

    DetachableInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        synchronized (lock) {
            if (detached) {
                throw new IOException("stream detached: the installation stopped reading the image");
            }
            return in.read(b, off, len);
        }
    }

    /** Waits for a read in progress, then refuses further reads. */
    void detach() {
        synchronized (lock) {
            detached = true;
        }
    }

    @Override
    public void close() {
        detach();
    }
}
