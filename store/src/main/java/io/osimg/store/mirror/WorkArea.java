package io.osimg.store.mirror;

import io.osimg.store.BlobStore;
import io.osimg.store.publish.BlobStorePublisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the mirror downloads the files of an image before they are verified, and how a verified image directory
 * reaches the store.
 *
 * <ul>
 *   <li>A directory store without a work directory: {@code <store>/.staging/partial}. Partial files survive a crash
 *       and are resumed by the next round; a verified directory is published with one rename
 *       ({@link BlobStore.LocalStaging#publishPrepared}), no copy.</li>
 *   <li>Any store with a work directory (e.g. {@code osimg mirror --to s3://... --work-dir DIR}): partial files are
 *       kept in {@code DIR/partial} (owned by the mirror: what it no longer needs there is deleted; one mirror per
 *       work directory) and resumed the same way; a verified directory is uploaded as one {@link BlobStore#begin
 *       transaction} (for a bucket the {@code .md5} last) and then removed locally.</li>
 *   <li>Any other store without a work directory: a fresh temporary directory per round, removed when the round
 *       ends: an interrupted transfer starts over.</li>
 * </ul>
 * In every case an image is downloaded completely to local disk and verified before anything is published.
 */
abstract sealed class WorkArea {

    /** The area for {@code store}; {@code workDirectory} may be null (see the class comment). */
    static WorkArea of(BlobStore store, Path workDirectory) {
        Optional<BlobStore.LocalStaging> staging = workDirectory == null ? store.localStaging() : Optional.empty();
        if (staging.isPresent()) {
            return new InStore(staging.get());
        }
        return new Local(store, workDirectory);
    }

    /** Starts a round; returns the directory the work directories of its images go under. */
    abstract Path open() throws IOException;

    /** Makes the verified files in {@code prepared} the image directory {@code directory} of the store. */
    abstract void publish(String directory, Path prepared) throws IOException;

    /** Ends a round (a temporary area is removed). */
    abstract void close() throws IOException;

    private static final class InStore extends WorkArea {
        private final BlobStore.LocalStaging store;

        InStore(BlobStore.LocalStaging store) {
            this.store = store;
        }

        @Override
        Path open() {
            return store.partialDirectory();
        }

        @Override
        void publish(String directory, Path prepared) throws IOException {
            store.publishPrepared(directory, prepared);
        }

        @Override
        void close() {
        }
    }

    private static final class Local extends WorkArea {
        /** The subdirectory of a configured work directory that the mirror owns (and cleans of stale work). */
        private static final String PARTIAL = "partial";
        private final BlobStore store;
        private final Path configured;
        private Path temporary;

        Local(BlobStore store, Path configured) {
            this.store = store;
            this.configured = configured;
        }

        @Override
        Path open() throws IOException {
            if (configured != null) {
                return Files.createDirectories(configured.resolve(PARTIAL));
            }
            temporary = Files.createTempDirectory("osimg-mirror-");
            return temporary;
        }

        @Override
        void publish(String directory, Path prepared) throws IOException {
            BlobStorePublisher.upload(store, prepared, directory);
            WorkDirs.delete(prepared);
        }

        @Override
        void close() throws IOException {
            if (temporary != null) {
                WorkDirs.delete(temporary);
                temporary = null;
            }
        }
    }
}
