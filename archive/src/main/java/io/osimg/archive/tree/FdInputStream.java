package io.osimg.archive.tree;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.Posix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Reads an open file through one reused direct buffer (no per-file buffer allocation). */
final class FdInputStream extends InputStream {

    private final ByteBuffer buffer;
    private Fd fd;

    FdInputStream(int bufferSize) {
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
    }

    /** Starts reading {@code fd} (the caller closes it). */
    FdInputStream reset(Fd fd) {
        this.fd = fd;
        return this;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        buffer.clear().limit(Math.min(len, buffer.capacity()));
        int n = Posix.read(fd, buffer);
        if (n <= 0) {
            return -1;
        }
        buffer.flip().get(b, off, n);
        return n;
    }
}
