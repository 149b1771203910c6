package io.osimg.archive.posix;

import java.io.IOException;

/**
 * An open file descriptor, with the path it was opened by (for messages). Closing twice is harmless.
 * Not thread-safe.
 */
public final class Fd implements AutoCloseable {

    private final int fd;
    private final String path;
    private boolean closed;

    Fd(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    int raw() {
        if (closed) {
            throw new IllegalStateException("file descriptor of " + path + " already closed");
        }
        return fd;
    }

    /** The number of the descriptor, e.g. for {@code /proc/self/fd/N}. */
    public int number() {
        return raw();
    }

    /** The path this descriptor was opened by, for messages. */
    public String path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Posix.close(fd, path);
        }
    }

    @Override
    public String toString() {
        return "Fd[" + fd + " " + path + "]";
    }
}
