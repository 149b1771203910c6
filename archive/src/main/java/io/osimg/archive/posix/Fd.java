package io.osimg.archive.posix;

import java.io.IOException;

/**
 * An open file descriptor, with the path it was opened by (for messages). Closing twice is harmless.
 * Not thread-safe.
 */
public final class Fd implements AutoCloseable {

    private final int fd;
    private final Fd parent;
    private final byte[] name;
    private String path;
    private boolean closed;

    Fd(int fd, String path) {
        this.fd = fd;
        this.path = path;
        this.parent = null;
        this.name = null;
    }

    /** A descriptor opened by {@code name} in {@code parent}: its path is only spelled out when asked for. */
    Fd(int fd, Fd parent, byte[] name) {
        this.fd = fd;
        this.parent = parent;
        this.name = name;
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
        if (path == null) {
            path = Posix.child(parent, name);
        }
        return path;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            Posix.close(this, fd);
        }
    }

    @Override
    public String toString() {
        return "Fd[" + fd + " " + path() + "]";
    }
}
