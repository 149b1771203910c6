package io.osimg.store.s3;

import io.osimg.store.BlobInfo;
import io.osimg.store.StagedBlob;
import io.osimg.store.StoreException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An object being uploaded. Bytes collect in a buffer of at most one part; an object that fits in one part is sent
 * with one {@code PUT} when published. A larger one becomes a multipart upload: each full part is sent as it fills,
 * {@link #publish()} sends the last part and completes the upload (only then is the object visible). A failure, or
 * {@link #close()} without publishing, aborts the multipart upload so no parts are left behind.
 */
final class S3StagedBlob implements StagedBlob {

    private static final int INITIAL_BUFFER = 64 * 1024;

    private final S3BlobStore store;
    private final String key;
    private final String object;
    private final int partSize;
    private byte[] buffer = new byte[0];
    private int filled;
    private long size;
    private String uploadId;
    private final List<String> partEtags = new ArrayList<>();
    private boolean done;

    S3StagedBlob(S3BlobStore store, String key, String object, int partSize) {
        this.store = store;
        this.key = key;
        this.object = object;
        this.partSize = partSize;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
        if (done) {
            throw new IllegalStateException("staged object " + key + " is already published or discarded");
        }
        while (data.hasRemaining()) {
            if (filled == partSize) {
                sendPart();
            }
            int n = Math.min(data.remaining(), partSize - filled);
            if (filled + n > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(partSize, Math.max(filled + n, Math.max(INITIAL_BUFFER, buffer.length * 2))));
            }
            data.get(buffer, filled, n);
            filled += n;
            size += n;
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public BlobInfo publish() throws IOException {
        if (done) {
            throw new IllegalStateException("staged object " + key + " is already published or discarded");
        }
        try {
            if (uploadId == null) {
                store.putObject(object, buffer, filled, "uploading " + key);
            } else {
                if (filled > 0) {
                    sendPart();
                }
                store.completeMultipart(object, uploadId, partEtags, "completing the upload of " + key);
                uploadId = null;
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        done = true;
        buffer = null;
        return store.stat(key).orElseThrow(() -> new StoreException("uploading " + key + " to " + store
                + ": the object is not there right after its upload"));
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = store.createMultipart(object, "starting a multipart upload of " + key);
            }
            int number = partEtags.size() + 1;
            // the part is sent from the buffer itself (the request is over before the buffer is reused)
            partEtags.add(store.uploadPart(object, uploadId, number, buffer, filled,
                    "uploading part " + number + " of " + key));
            filled = 0;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        buffer = null;
        if (uploadId != null) {
            String id = uploadId;
            uploadId = null;
            store.abortMultipart(object, id, "aborting the multipart upload of " + key);
        }
    }

    /** For messages. */
    @Override
    public String toString() {
        return "S3StagedBlob[" + key + ", " + size + " bytes" + (uploadId == null ? "" : ", upload " + uploadId) + "]";
    }

}
