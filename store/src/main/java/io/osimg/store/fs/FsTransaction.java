package io.osimg.store.fs;

import io.osimg.archive.staging.Staging;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobKey;
import io.osimg.store.BlobTransaction;
import io.osimg.store.StagedBlob;
import io.osimg.store.StoreException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stages files in {@code tx-<uuid>/} of the store's staging claim and publishes them as the directory
 * {@code <root>/<directory>}.
 *
 * <p>When the directory does not exist yet, one rename publishes it: readers see no file or all of them.
 * When it exists, files of the old directory that the transaction does not replace are hard-linked into the staged
 * one, and one atomic exchange ({@link Staging#publish}) puts the staged directory in place; the old one, now in
 * staging, is deleted. Readers never see a mix of old and new files, nor a moment without the directory. Open
 * readers of old files keep reading them. One writer per directory at a time (guarded in-process).
 */
final class FsTransaction implements BlobTransaction {

    private final FsBlobStore store;
    private final String directory;
    private final Path dir;
    private final List<FsStagedBlob> blobs = new ArrayList<>();
    private boolean done;

    FsTransaction(FsBlobStore store, String directory, Path dir) {
        this.store = store;
        this.directory = directory;
        this.dir = dir;
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
        FsStagedBlob blob = new FsStagedBlob(key, dir.resolve(name), (k, p) -> {
            throw new IllegalStateException("publish " + k + " by committing its transaction for " + directory);
        });
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
        for (FsStagedBlob blob : blobs) {
            blob.finish();
        }
        List<BlobInfo> infos = store.publishDirectory(directory, dir);
        done = true;
        return infos;
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        for (FsStagedBlob blob : blobs) {
            blob.close();
        }
        Staging.deleteTree(dir);
    }
}
