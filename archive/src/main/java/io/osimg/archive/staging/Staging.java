package io.osimg.archive.staging;

import io.osimg.core.store.StoreLayout;

import io.osimg.archive.posix.Posix;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The staging directory of a store directory, {@code <store>/.staging}, where builds, uploads, transactions and the
 * mirror prepare what they publish, and the one way anything prepared there is published.
 *
 * <p><b>Ownership.</b> Every piece of work in staging is a {@link StagingClaim}: an entry {@code <kind>-<uuid>} and
 * beside it the file {@code <kind>-<uuid>.lock}, which the owning process holds locked ({@code fcntl}) for as long
 * as it works there. The lock dies with the process, however it ends. {@link #recover} (run by every {@link #open})
 * deletes the entries whose lock is free, so the leftovers of a killed build, upload or server go away when the next
 * build, mirror or server opens the store, and a live process's work is never touched. It deletes nothing else:
 * {@code partial} (the mirror's resumable downloads) is its owner's, and an entry of any other name is left where it
 * is and logged.
 *
 * <p><b>Publishing</b> ({@link #publish}) is one {@code renameat2} of the staged directory: a new one is renamed in
 * with {@code RENAME_NOREPLACE} (an existing one is never overwritten, not even an empty one); an existing one is
 * swapped with {@code RENAME_EXCHANGE}, so a reader looking up the path at any instant finds the old directory or the
 * new one, never nothing, and a crash at any instruction leaves one whole image there. After the swap the old
 * directory sits at the staged path, inside the claim, and is deleted with it (or by the next recovery).
 */
public final class Staging {

    /** The name of the staging directory under a store root; never served. */
    public static final String DIRECTORY = StoreLayout.STAGING_DIRECTORY;
    /** The mirror's resumable downloads, kept across restarts; recovery leaves it alone. */
    public static final String PARTIAL = "partial";

    static final String LOCK_SUFFIX = ".lock";
    private static final int ATTEMPTS = 8;
    private static final Pattern CLAIM = Pattern.compile(
            "[a-z]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Logger LOG = System.getLogger(Staging.class.getName());

    private final Path dir;

    private Staging(Path dir) {
        this.dir = dir;
    }

    /**
     * The staging directory of the store {@code root} (which must exist), created if needed, after {@link #recover}
     * cleaned what dead processes left there.
     */
    public static Staging open(Path root) throws IOException {
        Staging staging = new Staging(root.resolve(DIRECTORY));
        staging.ensureDirectory();
        staging.recover();
        return staging;
    }

    private void ensureDirectory() throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new FileSystemException(dir.toString(), null, "is a symbolic link, not the store's staging directory");
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(dir.toString(), null, "exists and is not a directory");
            }
        }
    }

    /** {@code <store>/.staging}. */
    public Path path() {
        return dir;
    }

    /**
     * A new directory {@code <kind>-<uuid>} owned by this process until the claim is closed.
     *
     * @param kind lower-case letters naming the work, for people reading the directory ({@code build}, {@code store})
     */
    public StagingClaim claim(String kind) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ensureDirectory(); // a build that finished removes an empty .staging
            try {
                return StagingClaim.create(dir, kind);
            } catch (NoSuchFileException e) {
                if (attempt == 4) {
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes what dead owners left: each claim whose lock no process holds (its entry first, then its lock file).
     * Live claims, {@link #PARTIAL} and entries of other names are kept; the others are logged.
     *
     * @return the names of the entries deleted
     */
    public List<String> recover() throws IOException {
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of(); // removed (empty) by a build that finished
        }
        List<String> deleted = new ArrayList<>();
        for (String name : names) {
            if (name.equals(PARTIAL)) {
                continue;
            }
            if (name.endsWith(LOCK_SUFFIX) && CLAIM.matcher(name.substring(0, name.length() - LOCK_SUFFIX.length())).matches()) {
                String entry = name.substring(0, name.length() - LOCK_SUFFIX.length());
                if (StagingClaim.recoverIfDead(dir, entry)) {
                    deleted.add(entry);
                }
            } else if (!CLAIM.matcher(name).matches() || !Files.exists(dir.resolve(name + LOCK_SUFFIX), LinkOption.NOFOLLOW_LINKS)) {
                LOG.log(Level.WARNING, "keeping {0}: not a piece of work osimg knows (delete it by hand if it is not needed)",
                        dir.resolve(name));
            }
        }
        return deleted;
    }

    /**
     * Publishes the directory {@code staged} as {@code target} (same file system, parent existing) in one step.
     * Without {@code replace} an existing {@code target} fails with {@code FileAlreadyExistsException} and nothing
     * changes. With {@code replace} an existing {@code target} is swapped with {@code staged} atomically, then the
     * old directory, now at {@code staged}, is deleted. The staged directory is synced before the step (its files
     * must be synced by their writers) and both parents after it, so the step survives a power cut.
     *
     * @return whether an existing directory was replaced
     */
    public static boolean publish(Path staged, Path target, boolean replace) throws IOException {
        syncDirectory(staged);
        boolean replaced = false;
        for (int attempt = 1; ; attempt++) {
            if (replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileSystemException(target.toString(), null, "exists and is not a directory; not replaced");
                }
                try {
                    Posix.exchange(staged, target);
                    replaced = true;
                    break;
                } catch (NoSuchFileException e) {
                    if (!Files.exists(staged, LinkOption.NOFOLLOW_LINKS) || attempt == ATTEMPTS) {
                        throw e;
                    }
                    continue; // the target went away meanwhile
                }
            }
            try {
                Posix.renameNoReplace(staged, target);
                break;
            } catch (FileAlreadyExistsException e) {
                if (!replace || attempt == ATTEMPTS) {
                    throw e;
                }
                // someone published it meanwhile: swap with theirs
            }
        }
        syncDirectory(target.getParent());
        syncDirectory(staged.getParent());
        if (replaced) {
            try {
                deleteTree(staged);
            } catch (IOException e) { // published all the same; the claim's close or the next recovery retries
                LOG.log(Level.WARNING, "deleting the replaced " + target + " at " + staged + ": " + e.getMessage());
            }
        }
        return replaced;
    }

    /** Deletes {@code root}, a file or a whole tree; symbolic links are removed, never followed. Absent is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Makes the entries of {@code dir} durable (best effort: not every file system opens directories for it). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // directories cannot be opened for fsync on every file system
        }
    }
}
