package io.osimg.build;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A private directory under {@code <store>/.staging/} where an image is written, and the one rename that
 * publishes it. Until {@link #publish} nothing of the image is visible in the store; {@link #close} removes what
 * was not published, so a failed or interrupted build leaves no file behind. {@code osimg serve} cleans
 * {@code .staging} on start, which also covers a build killed with SIGKILL.
 */
public final class StagingArea implements AutoCloseable {
    /** The directory under the store root that holds staged work; never served. */
    public static final String STAGING = ".staging";

    private final Path store;
    private final Path dir;
    private final Thread cleanupOnExit;
    private final boolean createdStore;
    private boolean published;

    private StagingArea(Path store, Path dir, boolean createdStore) {
        this.store = store;
        this.dir = dir;
        this.createdStore = createdStore;
        this.cleanupOnExit = new Thread(this::deleteQuietly, "osimg-staging-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** Creates a fresh staging directory in {@code store}, failing early when the store is not writable. */
    public static StagingArea open(Path store, String purpose) throws IOException {
        Path root = store.resolve(STAGING);
        boolean createdStore = !Files.exists(store);
        try {
            for (int attempt = 0; ; attempt++) {
                Files.createDirectories(root);
                try {
                    Path dir = Files.createDirectory(root.resolve(purpose + "-" + UUID.randomUUID()));
                    return new StagingArea(store, dir, createdStore);
                } catch (NoSuchFileException e) {
                    if (attempt == 3) {
                        throw e; // another build keeps removing the empty .staging between our two steps
                    }
                }
            }
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(store.toString(), null, "store is not writable");
        } catch (FileSystemException e) {
            throw new FileSystemException(store.toString(), null,
                    "store is not writable: " + (e.getReason() != null ? e.getReason() : e.getMessage()));
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * Moves the staged directory to {@code target} (relative to the store) with one atomic rename.
     *
     * @param replace whether an existing image there may be replaced (stable and pull-request builds); releases
     *     are immutable and never replaced
     */
    public void publish(Path target, boolean replace) throws IOException {
        fsync(dir);
        List<Path> created = createParents(target.getParent());
        try {
            Path aside = null;
            if (Files.exists(target)) {
                if (!replace) {
                    throw new FileAlreadyExistsException(target.toString(), null,
                            "an image is already published there and releases are immutable");
                }
                aside = dir.resolveSibling(dir.getFileName() + ".replaced");
                Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (aside != null) {
                    Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            published = true;
            fsync(target.getParent());
            if (aside != null) {
                deleteTree(aside);
            }
        } catch (AtomicMoveNotSupportedException e) {
            removeEmpty(created);
            throw new IOException("publishing into " + target + ": the store and its .staging directory must be on one file system", e);
        } catch (IOException | RuntimeException e) {
            removeEmpty(created);
            throw e;
        }
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

    private void deleteQuietly() {
        try {
            if (!published) {
                deleteTree(dir);
            }
            Files.deleteIfExists(store.resolve(STAGING)); // only when empty
            if (!published && createdStore) {
                Files.deleteIfExists(store); // a store this failed build created, if nothing else came into it
            }
        } catch (IOException ignored) {
            // best effort; the server cleans .staging on start
        }
    }

    /** Deletes {@code root} and everything below it (symbolic links are removed, not followed); absent is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void fsync(Path dir) {
        try (var ch = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // directories cannot be opened for fsync on every file system
        }
    }
}
