package io.osimg.store.fs;

import io.osimg.archive.staging.Staging;
import io.osimg.archive.staging.StagingClaim;
import io.osimg.catalog.DirectoryView;
import io.osimg.catalog.StoreObject;
import io.osimg.store.BlobContent;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobKey;
import io.osimg.store.BlobNotFoundException;
import io.osimg.store.BlobStore;
import io.osimg.store.BlobTransaction;
import io.osimg.store.InvalidKeyException;
import io.osimg.store.StagedBlob;
import io.osimg.store.StoreException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link BlobStore} on a local directory: the key {@code a/b/c} is the file {@code <root>/a/b/c}.
 *
 * <p><b>Confinement.</b> Keys are validated by {@link BlobKey}; a key is then served only when the real path of its
 * file equals its lexical path under the real root, so a symlink anywhere on the way (inside or pointing outside the
 * store) makes the key "not found", and the file is opened with {@code O_NOFOLLOW}. Listings skip symlinks.
 *
 * <p><b>Atomic writes.</b> Objects are written to this instance's claim in {@code <root>/.staging/}
 * ({@code store-<uuid>}, see {@link Staging}), fsynced, then renamed into place with {@code ATOMIC_MOVE}; a directory
 * is published by {@link Staging#publish} (a rename, or one atomic exchange with the directory it replaces). A new
 * instance deletes what dead processes left in {@code .staging} and leaves the work of live ones (a build, another
 * server) alone.
 *
 * <p><b>Entity tags</b> are {@code "<size-hex>-<mtime-nanos-hex>-<inode-hex>"}: strong (a replace always makes a new
 * inode, an in-place edit changes the mtime) and cost one {@code stat}.
 */
public final class FsBlobStore implements BlobStore, BlobStore.LocalStaging {

    private static final int READ_ATTEMPTS = 4;
    private static final long CONFINED_TTL_NANOS = 1_000_000_000L;
    private static final int CONFINED_CACHE_SIZE = 65_536;

    private final Path root;
    private final Staging staging;
    private StagingClaim work;
    private final Map<String, ReentrantLock> directoryLocks = new ConcurrentHashMap<>();
    private final Map<Path, ConfinedDir> confinedDirs = new ConcurrentHashMap<>();

    /** Opens (creating if needed) the store at {@code root} and cleans leftovers in its staging directory. */
    public FsBlobStore(Path root) throws IOException {
        Objects.requireNonNull(root, "root");
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            this.staging = Staging.open(this.root);
        } catch (IOException e) {
            throw new StoreException("opening store " + root + ": " + e.getMessage(), e);
        }
    }

    /** The real path of the store root. */
    public Path root() {
        return root;
    }

    @Override
    public Optional<Path> localRoot() {
        return Optional.of(root);
    }

    @Override
    public Optional<LocalStaging> localStaging() {
        return Optional.of(this);
    }

    /**
     * The directory this instance stages uploads, transactions and deletions in: its claim
     * {@code <root>/.staging/store-<uuid>}, made on first use and deleted by {@link #close}.
     */
    public synchronized Path stagingDirectory() throws IOException {
        if (work == null) {
            try {
                work = staging.claim("store");
            } catch (IOException e) {
                throw new StoreException("staging in " + root + ": " + e.getMessage(), e);
            }
        }
        return work.dir();
    }

    /** Deletes what this instance staged and gives up its claim on staging. */
    @Override
    public synchronized void close() throws IOException {
        if (work != null) {
            work.close();
            work = null;
        }
    }

    /**
     * {@code <root>/.staging/partial}: a place for work that must survive a restart (partial downloads a mirror
     * resumes). Unlike the claims in staging it is never recovered when a store opens; its owner cleans it. It is on the
     * store's filesystem, so a directory prepared there can be published by {@link #publishPrepared}.
     */
    @Override
    public Path partialDirectory() {
        return staging.path().resolve(Staging.PARTIAL);
    }

    /**
     * Publishes a directory of finished files, prepared under {@link #partialDirectory()} (or elsewhere in staging),
     * as {@code directory} with one rename: readers see none of its files or all of them. The prepared directory is
     * moved, not copied. When {@code directory} exists, it is replaced like a {@link BlobTransaction} replaces it
     * (files the prepared directory lacks are kept by hard links).
     */
    @Override
    public List<BlobInfo> publishPrepared(String directory, Path prepared) throws IOException {
        BlobKey.validate(directory);
        Path real;
        try {
            real = prepared.toRealPath(LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new StoreException("publishing " + prepared + " as " + directory + " in " + root + ": " + e.getMessage(), e);
        }
        if (!real.startsWith(staging.path()) || real.equals(staging.path()) || !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException("publishing " + prepared + " as " + directory + " in " + root
                    + ": not a directory inside " + staging.path());
        }
        // into this instance's claim first: a replaced directory lands where the prepared one was, and a crash must
        // leave it where recovery deletes it, not among the mirror's resumable downloads
        Path owned = stagingDirectory().resolve("pub-" + UUID.randomUUID());
        try {
            FileTrees.atomicMove(real, owned);
        } catch (IOException e) {
            throw new StoreException("publishing " + prepared + " as " + directory + " in " + root + ": " + e.getMessage(), e);
        }
        try {
            return publishDirectory(directory, owned);
        } catch (IOException e) {
            if (Files.exists(owned, LinkOption.NOFOLLOW_LINKS)) { // not published: back to its owner, for another try
                try {
                    FileTrees.atomicMove(owned, real);
                } catch (IOException ignored) {
                    // it stays in the claim and goes with it; the mirror fetches it again
                }
            }
            throw e;
        }
    }

    /**
     * Removes the directory {@code directory} and everything in it, atomically from a reader's view: it is renamed
     * into staging (one rename: afterwards every key under it is gone) and then deleted. Empty parent directories
     * left behind are removed too. Returns false when there was no such directory.
     */
    @Override
    public boolean deleteDirectory(String directory) throws IOException {
        Path target = path(directory);
        ReentrantLock lock = lockFor(directory);
        lock.lock();
        try {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || !confined(target)) {
                return false;
            }
            Path aside = stagingDirectory().resolve("del-" + UUID.randomUUID());
            FileTrees.atomicMove(target, aside);
            Staging.deleteTree(aside);
            for (Path parent = target.getParent(); parent != null && !parent.equals(root); parent = parent.getParent()) {
                try {
                    Files.delete(parent);
                } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                    break;
                }
            }
            return true;
        } catch (IOException e) {
            throw new StoreException("deleting directory " + directory + " in " + root + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lexical file path of a key under the root (validated, not checked for symlinks: use {@link #read} or
     * {@link #stat} to serve it).
     */
    public Path path(String key) {
        return root.resolve(BlobKey.validate(key));
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        Path file = path(key);
        try {
            if (!confined(file)) {
                return Optional.empty();
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("reading metadata of " + key + " in " + root + ": " + e.getMessage(), e);
        }
        return statFile(key, file);
    }

    /** The regular file's info without the confinement check (done already). */
    private Optional<BlobInfo> statFile(String key, Path file) throws IOException {
        try {
            Map<String, Object> attrs = Files.readAttributes(file, "unix:size,lastModifiedTime,ino,isRegularFile",
                    LinkOption.NOFOLLOW_LINKS);
            if (!(Boolean) attrs.get("isRegularFile")) {
                return Optional.empty();
            }
            return Optional.of(Etags.info(key, attrs));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("reading metadata of " + key + " in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * True when no directory on the way to {@code file} is a symlink (the file itself is checked by the callers'
     * {@code NOFOLLOW} stat and open). The answer for a directory is cached, keyed by the directory's
     * {@code (device, inode)} as {@code lstat} sees it now and valid for {@link #CONFINED_TTL_NANOS}: replacing
     * the directory itself (by a symlink or another directory) is noticed at once by the one {@code lstat}, a
     * replaced ancestor within a second. This saves a {@code realpath} (an {@code lstat} per path component) per
     * request.
     */
    private boolean confined(Path file) throws IOException {
        Path dir = file.getParent();
        if (dir.equals(root)) {
            return true;
        }
        BasicFileAttributes attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isDirectory()) {
            return false;
        }
        long now = System.nanoTime();
        ConfinedDir known = confinedDirs.get(dir);
        if (known != null && known.fileKey().equals(attrs.fileKey()) && now - known.until() < 0) {
            return true;
        }
        if (!realDirectory(dir)) {
            confinedDirs.remove(dir);
            return false;
        }
        if (confinedDirs.size() >= CONFINED_CACHE_SIZE) {
            confinedDirs.clear();
        }
        confinedDirs.put(dir, new ConfinedDir(attrs.fileKey(), now + CONFINED_TTL_NANOS));
        return true;
    }

    private static boolean realDirectory(Path dir) throws IOException {
        return dir.toRealPath().equals(dir);
    }

    private record ConfinedDir(Object fileKey, long until) {
    }

    @Override
    public BlobContent read(String key) throws IOException {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            BlobInfo before = stat(key).orElseThrow(() -> new BlobNotFoundException(key));
            FileChannel channel;
            try {
                channel = FileChannel.open(path(key), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue; // removed or replaced between stat and open
            } catch (IOException e) {
                throw new StoreException("opening " + key + " in " + root + ": " + e.getMessage(), e);
            }
            Optional<BlobInfo> after = statFile(key, path(key));
            if (after.isPresent() && after.get().equals(before)) {
                return new BlobContent(before, channel);
            }
            channel.close(); // replaced while opening: the info would not describe the channel's bytes
        }
        throw new BlobNotFoundException(key);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        String p = BlobKey.validatePrefix(prefix);
        int slash = p.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(p.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS) || !realDirectory(start)) {
            return new ArrayList<>();
        }
        return walk(root, start, p);
    }

    /**
     * Lists the regular files under {@code root} whose keys start with {@code prefix}, with the same ETags as a
     * store opened there, but without opening one (which would recover {@code .staging}): for read-only views of a
     * store directory such as {@code osimg list --catalog DIR}. Symbolic links are not listed; a start directory
     * reached through one lists nothing.
     */
    public static List<BlobInfo> listDirectory(Path root, String prefix) throws IOException {
        String p = BlobKey.validatePrefix(prefix);
        int slash = p.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(p.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)
                || !start.toRealPath().equals(root.toRealPath().resolve(root.relativize(start)))) {
            return new ArrayList<>();
        }
        return walk(root, start, p);
    }

    private static List<BlobInfo> walk(Path root, Path start, String p) throws IOException {
        List<BlobInfo> result = new ArrayList<>();
        try {
            for (StoreObject.Listed f : DirectoryView.walk(root, start, file -> {
                String key = keyOf(root, file);
                return key != null && key.startsWith(p) ? key : null;
            })) {
                result.add(new BlobInfo(f.key(), f.size(), f.lastModified(), f.etag()));
            }
        } catch (IOException e) {
            throw new StoreException("listing prefix '" + p + "' in " + root + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** The key of a file under the root, or null when its name is not a valid key. */
    private static String keyOf(Path root, Path file) {
        String key = root.relativize(file).toString();
        try {
            return BlobKey.validate(key);
        } catch (InvalidKeyException e) {
            return null;
        }
    }

    @Override
    public StagedBlob stage(String key) throws IOException {
        BlobKey.validate(key);
        Path temp = stagingDirectory().resolve(UUID.randomUUID() + ".part");
        return new FsStagedBlob(key, temp, this::publishFile);
    }

    private BlobInfo publishFile(String key, Path staged) throws IOException {
        Path target = path(key);
        ReentrantLock lock = lockFor(BlobKey.parent(key));
        lock.lock();
        try {
            ensureDirectory(target.getParent());
            FileTrees.atomicMove(staged, target);
        } catch (StoreException e) {
            throw e;
        } catch (IOException e) {
            throw new StoreException("publishing " + key + " in " + root + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        return stat(key).orElseThrow(() -> new StoreException("publishing " + key + " in " + root
                + ": the object vanished right after its rename"));
    }

    @Override
    public BlobTransaction begin(String directory) throws IOException {
        BlobKey.validate(directory);
        Path dir;
        try {
            dir = Files.createDirectory(stagingDirectory().resolve("tx-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new StoreException("starting a transaction for " + directory + " in " + root + ": " + e.getMessage(), e);
        }
        return new FsTransaction(this, directory, dir);
    }

    /**
     * Publishes the staged directory {@code stagedDir} as {@code directory}. See {@link FsTransaction} for what
     * happens when the directory exists already.
     */
    List<BlobInfo> publishDirectory(String directory, Path stagedDir) throws IOException {
        Path target = path(directory);
        ReentrantLock lock = lockFor(directory);
        lock.lock();
        try {
            ensureDirectory(target.getParent());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new StoreException("publishing " + directory + " in " + root + ": it exists and is not a directory");
                }
                FileTrees.linkMissing(target, stagedDir);
            }
            Staging.publish(stagedDir, target, true);
        } catch (StoreException e) {
            throw e;
        } catch (IOException e) {
            throw new StoreException("publishing directory " + directory + " in " + root + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        return list(directory + "/");
    }

    private ReentrantLock lockFor(String directory) {
        return directoryLocks.computeIfAbsent(directory, d -> new ReentrantLock());
    }

    /** Creates {@code dir} and its parents below the root, refusing to pass through symlinks or files. */
    private void ensureDirectory(Path dir) throws IOException {
        Path current = root;
        for (Path name : root.relativize(dir)) {
            if (name.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(name);
            try {
                Files.createDirectory(current);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    throw new StoreException("creating directory " + root.relativize(dir) + " in " + root + ": "
                            + root.relativize(current) + " exists and is not a directory (or is a symlink)");
                }
            }
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = path(key);
        ReentrantLock lock = lockFor(BlobKey.parent(key));
        lock.lock();
        try {
            if (stat(key).isEmpty()) {
                return false;
            }
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StoreException("deleting " + key + " in " + root + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FsBlobStore[" + root + "]";
    }
}
