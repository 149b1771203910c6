package io.osimg.store.s3;

import io.osimg.store.BlobInfo;
import io.osimg.store.StoreException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The bytes of one object version, read through the SDK. It starts on the body of the GET that produced its
 * {@link BlobInfo}; reading at another position closes that body and sends a ranged GET with
 * {@code If-Match: <etag>}, so every byte read belongs to the object the info describes. When the object was
 * replaced meanwhile, S3 answers 412 and the read fails instead of mixing versions.
 */
final class S3ObjectChannel implements SeekableByteChannel {

    private final S3BlobStore store;
    private final String object;
    private final BlobInfo info;
    private ResponseInputStream<GetObjectResponse> body;
    private long bodyPosition;
    private long position;
    private boolean open = true;
    private byte[] chunk;

    S3ObjectChannel(S3BlobStore store, String object, BlobInfo info, ResponseInputStream<GetObjectResponse> body) {
        this.store = store;
        this.object = object;
        this.info = info;
        this.body = body;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= info.size()) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (body == null || bodyPosition != position) {
            reopen();
        }
        int want = (int) Math.min(dst.remaining(), Math.min(info.size() - position, 256 * 1024));
        if (chunk == null || chunk.length < want) {
            chunk = new byte[Math.max(want, 8192)];
        }
        int n;
        try {
            n = body.read(chunk, 0, want);
        } catch (IOException e) {
            closeBody();
            throw new StoreException("reading " + info.key() + " from " + store + " at byte " + position + ": "
                    + e.getMessage(), e);
        }
        if (n < 0) {
            closeBody();
            throw new StoreException("reading " + info.key() + " from " + store + ": the answer ended after "
                    + position + " of " + info.size() + " bytes");
        }
        dst.put(chunk, 0, n);
        position += n;
        bodyPosition += n;
        return n;
    }

    private void reopen() throws IOException {
        closeBody();
        String what = "reading " + info.key() + " from " + store + " at byte " + position;
        ResponseInputStream<GetObjectResponse> r;
        try {
            r = store.readRange(object, position, info.etag(), what);
        } catch (S3Exception e) {
            if (e.status() == 412 || e.status() == 404) {
                throw new StoreException(what + ": the object was replaced or deleted while being read (it no longer has ETag "
                        + info.etag() + ")", e);
            }
            throw e;
        }
        if (r.response().contentRange() == null && position != 0) {
            r.abort();
            throw new StoreException(what + ": the server ignored the Range header (HTTP 200)");
        }
        body = r;
        bodyPosition = position;
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return info.size();
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            closeBody();
        }
    }

    /** Drops the current answer: its rest is not read (the connection is closed, not drained). */
    private void closeBody() {
        if (body != null) {
            ResponseInputStream<GetObjectResponse> b = body;
            body = null;
            if (bodyPosition < info.size()) {
                b.abort();
            } else {
                try {
                    b.close();
                } catch (IOException e) {
                    // read to its end already: nothing of it is needed
                }
            }
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
