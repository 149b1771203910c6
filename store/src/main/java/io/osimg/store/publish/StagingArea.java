package io.osimg.store.publish;

import io.osimg.archive.staging.Staging;
import io.osimg.archive.staging.StagingClaim;
import io.osimg.core.store.Channel;
import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreKey;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A private directory under {@code <store>/.staging/} where an image is written, and the one step that publishes it
 * ({@link Staging#publish}: a rename, or an atomic exchange when a stable or pull-request image is replaced). Until
 * {@link #publish} nothing of the image is visible in the store; {@link #close} removes what was not published (and,
 * after a replacement, the old image), so a failed or interrupted build leaves no file behind. The directory is a
 * {@link StagingClaim}: a build killed with SIGKILL leaves it with its lock free, and the next build, server or
 * mirror opening the store deletes it; while the build runs nobody does.
 */
final class StagingArea implements StagedImage {

    private final Path store;
    private final StoreKey image;
    private final StagingClaim claim;
    private final Thread cleanupOnExit;
    private final boolean createdStore;
    private boolean published;
    private boolean closed;

    private StagingArea(Path store, StoreKey image, StagingClaim claim, boolean createdStore) {
        this.store = store;
        this.image = image;
        this.claim = claim;
        this.createdStore = createdStore;
        this.cleanupOnExit = new Thread(this::deleteQuietly, "osimg-staging-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /**
     * Creates a fresh staging directory in {@code store} for {@code image}, failing early when the store is not
     * writable; what dead builds left in the store's staging is deleted first.
     */
    static StagingArea open(Path store, StoreKey image, String purpose) throws IOException {
        boolean createdStore = !Files.exists(store);
        try {
            Files.createDirectories(store);
            return new StagingArea(store, image, Staging.open(store).claim(purpose), createdStore);
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(store.toString(), null, "store is not writable");
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason() : e.getMessage();
            String where = e.getFile() != null && !e.getFile().equals(store.toString()) ? e.getFile() + ": " : "";
            throw new FileSystemException(store.toString(), null, "store is not writable: " + where + reason);
        }
    }

    @Override
    public Path dir() {
        return claim.dir();
    }

    /**
     * Makes the staged directory the image directory in one atomic step: a release only when nothing is there
     * ({@code RENAME_NOREPLACE}, so not even an empty directory is filled), a stable or pull-request image by an
     * exchange with the one there.
     */
    @Override
    public synchronized PublishedImage publish() throws IOException {
        Path target = store.resolve(image.imageDir());
        if (closed) {
            throw new IOException("publishing into " + target + ": the build is being stopped");
        }
        List<Path> created = createParents(target.getParent());
        try {
            Staging.publish(dir(), target, image.channel() != Channel.RELEASE);
            published = true;
        } catch (FileAlreadyExistsException e) {
            removeEmpty(created);
            ReleaseExistsException exists = new ReleaseExistsException(image, store.toString());
            exists.initCause(e);
            throw exists;
        } catch (AtomicMoveNotSupportedException e) {
            removeEmpty(created);
            throw new IOException("publishing into " + target + ": the store and its .staging directory must be on one file system", e);
        } catch (IOException | RuntimeException e) {
            removeEmpty(created);
            throw e;
        }
        return new PublishedImage(image.imageDir(), target.resolve(ImageFiles.IMAGE).toString(), Optional.of(target));
    }

    private List<Path> createParents(Path parent) throws IOException {
        List<Path> created = new ArrayList<>();
        for (Path p = parent; p != null && !Files.exists(p) && p.startsWith(store); p = p.getParent()) {
            created.addFirst(p);
        }
        for (Path p : created) {
            Files.createDirectory(p);
        }
        return created.reversed();
    }

    private static void removeEmpty(List<Path> deepestFirst) {
        for (Path p : deepestFirst) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // not empty: someone else published there meanwhile
            }
        }
    }

    @Override
    public void close() {
        deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException ignored) {
            // shutting down: the hook runs anyway
        }
    }

    /** Runs after a publish, never during one (a SIGTERM's hook waits for it). */
    private synchronized void deleteQuietly() {
        closed = true;
        try {
            claim.close(); // after a publish only the replaced image, if any, is left in it
            Files.deleteIfExists(store.resolve(Staging.DIRECTORY)); // only when empty
            if (!published && createdStore) {
                Files.deleteIfExists(store); // a store this failed build created, if nothing else came into it
            }
        } catch (IOException ignored) {
            // best effort; the next build or server opening the store deletes it (its lock is free then)
        }
    }
}
