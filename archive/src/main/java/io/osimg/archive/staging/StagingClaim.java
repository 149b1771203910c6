package io.osimg.archive.staging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A directory in {@link Staging} that this process works in: {@code <kind>-<uuid>}, owned through the lock on
 * {@code <kind>-<uuid>.lock} beside it (see {@link Staging} for the protocol). {@link #close} deletes the directory,
 * then the lock file, then lets the lock go; if the process dies first, the next {@link Staging#recover} does it.
 */
public final class StagingClaim implements AutoCloseable {

    /**
     * Lock files this process holds, by file key. fcntl locks belong to the process, so a recovery in this process
     * must not even open them (closing any descriptor of the file would drop the lock). Taking a lock and a
     * recovery's look at one run one at a time in this process (synchronized on this set).
     */
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 8;

    private final Path dir;
    private final Path lock;
    private final Object key;
    private final FileChannel channel;
    private boolean closed;

    private StagingClaim(Path dir, Path lock, Object key, FileChannel channel) {
        this.dir = dir;
        this.lock = lock;
        this.key = key;
        this.channel = channel;
    }

    static StagingClaim create(Path staging, String kind) throws IOException {
        if (!kind.matches("[a-z]+")) {
            throw new IllegalArgumentException("staging claim kind '" + kind + "': lower-case letters only");
        }
        for (int attempt = 1; ; attempt++) {
            String name = kind + "-" + UUID.randomUUID();
            Path lock = staging.resolve(name + Staging.LOCK_SUFFIX);
            synchronized (HELD) {
                FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Object key = null;
                try {
                    key = fileKey(lock);
                    HELD.add(key);
                    ch.lock();
                    // a recovery in another process may have taken the fresh file for a dead owner's between our
                    // create and lock; it deletes the file before it lets go, so the file is ours if still there
                    if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
                        Path dir = Files.createDirectory(staging.resolve(name));
                        return new StagingClaim(dir, lock, key, ch);
                    }
                } catch (IOException | RuntimeException e) {
                    release(key, ch);
                    throw e;
                }
                release(key, ch);
            }
            if (attempt == ATTEMPTS) {
                throw new NoSuchFileException(lock.toString(), null, "claiming a staging directory: the lock file keeps vanishing");
            }
        }
    }

    /**
     * Deletes the claim {@code entry} of {@code staging} when no process holds its lock (its owner is dead): the
     * directory first, then the lock file, while holding the lock. False when the owner is alive or it is gone.
     */
    static boolean recoverIfDead(Path staging, String entry) throws IOException {
        Path lock = staging.resolve(entry + Staging.LOCK_SUFFIX);
        synchronized (HELD) {
            try {
                if (HELD.contains(fileKey(lock))) {
                    return false;
                }
            } catch (NoSuchFileException e) {
                return false;
            }
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                if (ch.tryLock() == null) {
                    return false;
                }
                Staging.deleteTree(staging.resolve(entry));
                Files.deleteIfExists(lock); // last, and while locked: an owner that locks it late sees it gone
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }
    }

    private static void release(Object key, FileChannel ch) throws IOException {
        try {
            ch.close();
        } finally {
            if (key != null) {
                HELD.remove(key);
            }
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** The claimed directory. */
    public Path dir() {
        return dir;
    }

    /** Deletes the directory and everything in it, then the lock file, and releases the lock. Closing twice is fine. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Staging.deleteTree(dir);
            Files.deleteIfExists(lock);
        } finally {
            release(key, channel);
        }
    }

    @Override
    public String toString() {
        return "StagingClaim[" + dir + "]";
    }
}
