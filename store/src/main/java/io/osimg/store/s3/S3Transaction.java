package io.osimg.store.s3;

import io.osimg.core.store.ImageFiles;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobKey;
import io.osimg.store.BlobTransaction;
import io.osimg.store.StagedBlob;
import io.osimg.store.StoreException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The files of one image directory, uploaded so that the image becomes visible only when complete. S3 has no
 * rename, so "visible" is what the catalog and the installers go by: a directory is an image only when it has
 * {@code img.tar.lz4} <b>and</b> {@code img.tar.lz4.md5}. {@link #commit()} therefore
 * <ol>
 *   <li>deletes an existing {@code img.tar.lz4.md5} of the directory first when the transaction brings a new one (a
 *       stable build being replaced disappears from the catalog while its files are rewritten),</li>
 *   <li>publishes every other staged file (large ones finish their multipart uploads),</li>
 *   <li>publishes {@code img.tar.lz4.md5} last.</li>
 * </ol>
 * When a step fails, the files this commit published are deleted and the unfinished uploads aborted; files of an
 * older image that were not replaced stay, without their {@code .md5}. Closing without committing aborts the
 * uploads. One writer per directory at a time.
 */
final class S3Transaction implements BlobTransaction {

    private static final Logger LOG = Logger.getLogger(S3Transaction.class.getName());

    private final S3BlobStore store;
    private final String directory;
    private final List<S3StagedBlob> blobs = new ArrayList<>();
    private boolean done;

    S3Transaction(S3BlobStore store, String directory) {
        this.store = store;
        this.directory = BlobKey.validate(directory);
    }

    @Override
    public String directory() {
        return directory;
    }

    @Override
    public StagedBlob stage(String name) throws IOException {
        if (done) {
            throw new IllegalStateException("transaction for " + directory + " is already committed or discarded");
        }
        BlobKey.validate(name);
        String key = BlobKey.validate(directory + "/" + name);
        for (S3StagedBlob b : blobs) {
            if (b.key().equals(key)) {
                throw new IllegalArgumentException("staging " + key + " twice in one transaction");
            }
        }
        S3StagedBlob blob = store.newStaged(key);
        blobs.add(blob);
        return blob;
    }

    @Override
    public List<BlobInfo> commit() throws IOException {
        if (done) {
            throw new IllegalStateException("transaction for " + directory + " is already committed or discarded");
        }
        if (blobs.isEmpty()) {
            throw new StoreException("committing transaction for " + directory + ": nothing was staged");
        }
        done = true;
        String md5Key = directory + "/" + ImageFiles.MD5;
        List<S3StagedBlob> order = new ArrayList<>(blobs);
        S3StagedBlob md5 = null;
        for (S3StagedBlob b : blobs) {
            if (b.key().equals(md5Key)) {
                md5 = b;
            }
        }
        if (md5 != null) {
            order.remove(md5);
            order.add(md5);
        }
        List<String> published = new ArrayList<>();
        try {
            if (md5 != null) {
                store.delete(md5Key);
            }
            for (S3StagedBlob b : order) {
                b.publish();
                published.add(b.key());
            }
        } catch (IOException | RuntimeException e) {
            for (S3StagedBlob b : order) {
                closeQuietly(b);
            }
            for (String key : published) {
                try {
                    store.delete(key);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw new StoreException("publishing directory " + directory + " in " + store + ": " + e.getMessage()
                    + " (the " + published.size() + " file(s) uploaded by this commit were removed)", e);
        }
        return store.list(directory + "/");
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        for (S3StagedBlob b : blobs) {
            closeQuietly(b);
        }
    }

    private static void closeQuietly(S3StagedBlob b) {
        try {
            b.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "discarding staged " + b.key(), e);
        }
    }
}
