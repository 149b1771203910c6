package io.osimg.archive.extract;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.FileType;
import io.osimg.archive.posix.Posix;
import io.osimg.archive.posix.StatInfo;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarReader;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Extracts the entries of an untrusted root file system archive below a target directory, faithfully and
 * safely.
 *
 * <p>Faithful: numeric owners, all mode bits (setuid, setgid, sticky), nanosecond mtimes (of symbolic
 * links too), extended attributes of every namespace, device nodes, FIFOs and hard links; metadata is
 * set in the order the kernel requires (owner, then mode, then xattrs, which chown would clear, then
 * times), and a directory's metadata is applied by {@link #finish()}, after its contents, deepest first,
 * so that a read-only directory can still receive its files.
 *
 * <p>Safe: the target is opened once; every name is resolved from that descriptor one component at a
 * time without following symbolic links ({@link DirectoryChain}), never by comparing path strings.
 * Absolute names, ".." components, a path through a symbolic link (one the archive planted or one that
 * was there), hard links to anything outside or to a directory, and absurd sizes are refused with an
 * {@link UnsafeEntryException}. What is in the way of a new entry is removed, never written through.
 *
 * <p>Not thread-safe: one extractor per target, fed entries in archive order.
 */
public final class RootfsExtractor implements Closeable {

    /**
     * @param maxEntrySize larger entries are refused as absurd
     * @param sameOwner    set the numeric owners of the archive (as {@code tar -p --numeric-owner} does as
     *                     root); if false files belong to the extracting user
     * @param warnings     receives one message per metadata that could not be applied but is not worth
     *                     failing for (user.* xattrs on symbolic links, which Linux refuses)
     */
    public record Options(long maxEntrySize, boolean sameOwner, Consumer<String> warnings) {
        public static final long DEFAULT_MAX_ENTRY_SIZE = 64L << 30;

        public Options {
            if (maxEntrySize < 0) {
                throw new IllegalArgumentException("negative maximum entry size " + maxEntrySize);
            }
            Objects.requireNonNull(warnings, "warnings");
        }

        /** 64 GiB per entry, archive owners, warnings to the {@code io.osimg.archive.extract} system logger. */
        public static Options defaults() {
            System.Logger log = System.getLogger("io.osimg.archive.extract");
            return new Options(DEFAULT_MAX_ENTRY_SIZE, true, m -> log.log(System.Logger.Level.WARNING, m));
        }
    }

    /**
     * @param entries     entries extracted
     * @param files       regular files created
     * @param bytes       content bytes written
     * @param directories directory entries (including one for the root itself)
     * @param links       symbolic and hard links created
     */
    public record Result(long entries, long files, long bytes, long directories, long links) {
    }

    private static final int BUFFER_SIZE = 1 << 20;
    private static final int NEW_FILE_MODE = 0600;

    private final Path target;
    private final Options options;
    private final Fd root;
    private final DirectoryChain chain;
    private final DirectoryChain linkChain;
    private final Map<String, Deferred> deferred = new LinkedHashMap<>();
    private final byte[] heapBuffer = new byte[BUFFER_SIZE];
    private long entries;
    private long files;
    private long bytes;
    private long directories;
    private long links;
    /** The step under way, for the message if it fails (spelled out only then, with {@link #detail}). */
    private Step doing = Step.REACHING_DIRECTORY;
    private String detail = "";

    /** The metadata of a directory entry, applied by {@link #finish()}. */
    private record Deferred(EntryPath path, TarEntry entry) {
    }

    /**
     * Opens {@code target}, an existing directory (typically the mounted root), once; everything is
     * created relative to that descriptor.
     */
    public RootfsExtractor(Path target, Options options) throws IOException {
        this.target = Objects.requireNonNull(target, "target");
        this.options = Objects.requireNonNull(options, "options");
        this.root = Posix.openDirectory(target);
        this.chain = new DirectoryChain(root);
        this.linkChain = new DirectoryChain(root);
    }

    /** Extracts everything {@code reader} holds below {@code target}, then {@linkplain #finish() finishes}. */
    public static Result extractAll(TarReader reader, Path target, Options options) throws IOException {
        try (RootfsExtractor x = new RootfsExtractor(target, options)) {
            for (TarEntry e; (e = reader.next()) != null; ) {
                x.extract(e, reader.content());
            }
            return x.finish();
        }
    }

    /**
     * Removes everything below {@code target} (not {@code target} itself) without following symbolic
     * links, also from read-only directories; used when an installation fails after extraction.
     *
     * @throws IOException if something cannot be removed, or a directory below is another file system
     *                     (a mount point: it is not entered)
     */
    public static void wipe(Path target) throws IOException {
        TreeWiper.wipe(target);
    }

    /**
     * Extracts one entry.
     *
     * @param content the content of a {@link EntryType#FILE}: {@code entry.size()} bytes are read from it
     * @throws UnsafeEntryException if the entry is refused; nothing was changed for it then
     * @throws IOException          if the entry could not be extracted, naming it and the step that failed
     */
    public void extract(TarEntry entry, InputStream content) throws IOException {
        if (entry.size() > options.maxEntrySize()) {
            throw new UnsafeEntryException(entry.name(), "size of " + entry.size() + " bytes is absurd (more than "
                    + options.maxEntrySize() + ")");
        }
        EntryPath path = EntryPath.parse(entry.path(), entry, "");
        if (path.isRoot()) {
            if (entry.type() != EntryType.DIRECTORY) {
                throw new UnsafeEntryException(entry.name(), "a " + kind(entry.type()) + " cannot replace the root directory");
            }
            deferred.put(path.key(), new Deferred(path, entry));
            directories++;
            entries++;
            return;
        }
        try {
            doing = Step.REACHING_DIRECTORY;
            Fd dir = chain.resolve(path.parent(), true, entry, "");
            switch (entry.type()) {
                case FILE -> file(dir, path, entry, content);
                case DIRECTORY -> directory(dir, path, entry);
                case SYMLINK -> symlink(dir, path, entry);
                case HARDLINK -> hardLink(dir, path, entry);
                case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> node(dir, path, entry);
            }
        } catch (UnsafeEntryException refused) {
            throw refused;
        } catch (SourceFailure f) {
            throw f.getCause();
        } catch (IOException e) {
            throw failed(entry, e);
        }
        entries++;
    }

    private void file(Fd dir, EntryPath path, TarEntry entry, InputStream content) throws IOException {
        doing = Step.CREATING_FILE;
        try (Fd fd = createFile(dir, path)) {
            doing = Step.WRITING;
            copy(Objects.requireNonNull(content, "content"), fd, entry.size());
            applyMetadata(fd, entry);
        }
        files++;
        bytes += entry.size();
    }

    private Fd createFile(Fd dir, EntryPath path) throws IOException {
        try {
            return Posix.create(dir, path.leaf(), NEW_FILE_MODE);
        } catch (FileAlreadyExistsException exists) {
            removeExisting(dir, path);
            return Posix.create(dir, path.leaf(), NEW_FILE_MODE);
        }
    }

    private void copy(InputStream in, Fd fd, long size) throws IOException {
        long left = size;
        while (left > 0) {
            int want = (int) Math.min(heapBuffer.length, left);
            int have = 0;
            while (have < want) {
                int n;
                try {
                    n = in.read(heapBuffer, have, want - have);
                } catch (IOException e) {
                    throw new SourceFailure(e);
                }
                if (n < 0) {
                    throw new EOFException("the content ended after " + (size - left + have) + " of " + size + " bytes");
                }
                have += n;
            }
            Posix.write(fd, heapBuffer, 0, have);
            left -= have;
        }
    }

    private void directory(Fd dir, EntryPath path, TarEntry entry) throws IOException {
        byte[] leaf = path.leaf();
        doing = Step.CREATING_DIRECTORY;
        int mode = (entry.mode() & 0777) | 0700; // the final mode comes with finish(); until then only we may enter
        try {
            Posix.mkdir(dir, leaf, mode);
        } catch (FileAlreadyExistsException exists) {
            if (Posix.stat(dir, leaf).type() != FileType.DIRECTORY) {
                removeExisting(dir, path);
                Posix.mkdir(dir, leaf, mode);
            }
        }
        deferred.remove(path.key());
        deferred.put(path.key(), new Deferred(path, entry));
        directories++;
    }

    private void symlink(Fd dir, EntryPath path, TarEntry entry) throws IOException {
        byte[] leaf = path.leaf();
        doing = Step.CREATING_SYMLINK;
        try {
            Posix.symlink(entry.linkTarget(), dir, leaf);
        } catch (FileAlreadyExistsException exists) {
            removeExisting(dir, path);
            Posix.symlink(entry.linkTarget(), dir, leaf);
        }
        if (options.sameOwner()) {
            doing = Step.SETTING_OWNER;
            Posix.chown(dir, leaf, entry.uid(), entry.gid());
        }
        for (var x : entry.xattrs().entrySet()) {
            doing = Step.SETTING_XATTR;
            detail = x.getKey();
            try {
                Posix.setXattr(dir, leaf, x.getKey(), x.getValue());
            } catch (FileSystemException refused) {
                if (!x.getKey().startsWith("user.")) {
                    throw refused;
                }
                options.warnings().accept("extracting " + entry.name() + ": Linux does not allow the extended attribute "
                        + x.getKey() + " on a symbolic link; skipped");
            }
        }
        doing = Step.SETTING_MTIME;
        Posix.setTimes(dir, leaf, entry.mtime(), entry.mtime());
        links++;
    }

    private void hardLink(Fd dir, EntryPath path, TarEntry entry) throws IOException {
        String name = entry.name();
        String what = "hard link target " + entry.linkName() + ": ";
        EntryPath original = EntryPath.parse(entry.linkTarget(), name, what);
        if (original.isRoot()) {
            throw new UnsafeEntryException(name, what + "a hard link to the root directory");
        }
        if (original.equals(path)) {
            throw new UnsafeEntryException(name, what + "a hard link to itself");
        }
        doing = Step.REACHING_LINK_TARGET;
        Fd originalDir;
        StatInfo st;
        try {
            originalDir = linkChain.resolve(original.parent(), false, entry, what);
            st = Posix.stat(originalDir, original.leaf());
        } catch (NoSuchFileException missing) {
            throw new IOException("extracting " + name + ": " + what + "does not exist (an archive lists a file before "
                    + "its hard links)", missing);
        }
        if (st.type() == FileType.DIRECTORY) {
            throw new UnsafeEntryException(name, what + "is a directory; hard links to directories are not allowed");
        }
        // the original's directory may be the entry's, whose descriptor the other chain holds: both stay valid
        doing = Step.CREATING_HARD_LINK;
        try {
            Posix.link(originalDir, original.leaf(), dir, path.leaf());
        } catch (FileAlreadyExistsException exists) {
            StatInfo there = Posix.stat(dir, path.leaf());
            if (!there.fileKey().equals(st.fileKey())) {
                removeExisting(dir, path);
                Posix.link(originalDir, original.leaf(), dir, path.leaf());
            }
        }
        links++;
    }

    private void node(Fd dir, EntryPath path, TarEntry entry) throws IOException {
        byte[] leaf = path.leaf();
        FileType type = switch (entry.type()) {
            case CHAR_DEVICE -> FileType.CHAR_DEVICE;
            case BLOCK_DEVICE -> FileType.BLOCK_DEVICE;
            default -> FileType.FIFO;
        };
        doing = Step.CREATING_NODE;
        try {
            Posix.mknod(dir, leaf, type, NEW_FILE_MODE, entry.devMajor(), entry.devMinor());
        } catch (FileAlreadyExistsException exists) {
            removeExisting(dir, path);
            Posix.mknod(dir, leaf, type, NEW_FILE_MODE, entry.devMajor(), entry.devMinor());
        }
        if (options.sameOwner()) {
            doing = Step.SETTING_OWNER;
            Posix.chown(dir, leaf, entry.uid(), entry.gid());
        }
        // fchmodat follows a symbolic link, but the name is the node this extractor just made
        doing = Step.SETTING_MODE;
        Posix.chmod(dir, leaf, entry.mode());
        for (var x : entry.xattrs().entrySet()) {
            doing = Step.SETTING_XATTR;
            detail = x.getKey();
            Posix.setXattr(dir, leaf, x.getKey(), x.getValue());
        }
        doing = Step.SETTING_MTIME;
        Posix.setTimes(dir, leaf, entry.mtime(), entry.mtime());
    }

    /** Removes what is at {@code path} to make room for a new entry: a non-directory, or an empty directory. */
    private void removeExisting(Fd dir, EntryPath path) throws IOException {
        Step before = doing;
        doing = Step.REMOVING;
        StatInfo st = Posix.stat(dir, path.leaf());
        if (st.type() == FileType.DIRECTORY) {
            chain.forget(path.components());
            linkChain.forget(path.components());
            Posix.rmdir(dir, path.leaf());
            deferred.remove(path.key());
        } else {
            Posix.unlink(dir, path.leaf());
        }
        doing = before;
    }

    /**
     * Applies the metadata of the directory entries (owner, mode, extended attributes, mtime), deepest
     * first, and returns what was extracted. Call once, after the last entry.
     */
    public Result finish() throws IOException {
        List<Deferred> dirs = new ArrayList<>(deferred.values());
        dirs.sort(Comparator.comparingInt((Deferred d) -> d.path().depth()).reversed());
        for (Deferred d : dirs) {
            try {
                if (d.path().isRoot()) {
                    applyMetadata(root, d.entry());
                    continue;
                }
                doing = Step.REACHING_DIRECTORY_TO_FINISH;
                Fd parent = chain.resolve(d.path().parent(), false, d.entry(), "");
                try (Fd fd = Posix.openDirectory(parent, d.path().leaf())) {
                    applyMetadata(fd, d.entry());
                }
            } catch (UnsafeEntryException refused) {
                throw refused;
            } catch (IOException e) {
                throw failed(d.entry(), e);
            }
        }
        deferred.clear();
        chain.close();
        linkChain.close();
        return new Result(entries, files, bytes, directories, links);
    }

    /** Owner, then mode (chown clears setuid and setgid), then xattrs (chown clears security.capability), then mtime. */
    private void applyMetadata(Fd fd, TarEntry entry) throws IOException {
        if (options.sameOwner()) {
            doing = Step.SETTING_OWNER;
            Posix.chown(fd, entry.uid(), entry.gid());
        }
        doing = Step.SETTING_MODE;
        Posix.chmod(fd, entry.mode());
        for (var x : entry.xattrs().entrySet()) {
            doing = Step.SETTING_XATTR;
            detail = x.getKey();
            Posix.setXattr(fd, x.getKey(), x.getValue());
        }
        doing = Step.SETTING_MTIME;
        Posix.setTimes(fd, entry.mtime(), entry.mtime());
    }

    /** The steps of extracting an entry, spelled out for a message only when one fails. */
    private enum Step {
        REACHING_DIRECTORY, REACHING_DIRECTORY_TO_FINISH, REACHING_LINK_TARGET, REMOVING, CREATING_FILE, WRITING,
        CREATING_DIRECTORY, CREATING_SYMLINK, CREATING_HARD_LINK, CREATING_NODE, SETTING_OWNER, SETTING_MODE,
        SETTING_XATTR, SETTING_MTIME
    }

    /**
     * A failure reading an entry's content: the source's (a network stall, a corrupt frame), which names itself; it
     * passes through unchanged instead of being reported as a failure to extract the entry.
     */
    private static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private IOException failed(TarEntry entry, IOException e) {
        return new IOException("extracting " + entry.name() + ": " + describe(doing, entry) + ": " + e.getMessage(), e);
    }

    private String describe(Step step, TarEntry entry) {
        return switch (step) {
            case REACHING_DIRECTORY -> "reaching the directory";
            case REACHING_DIRECTORY_TO_FINISH -> "reaching the directory to set its metadata";
            case REACHING_LINK_TARGET -> "reaching the hard link target " + entry.linkName();
            case REMOVING -> "removing what is in the way";
            case CREATING_FILE -> "creating the file";
            case WRITING -> "writing " + entry.size() + " bytes";
            case CREATING_DIRECTORY -> "creating the directory";
            case CREATING_SYMLINK -> "creating the symbolic link to " + entry.linkName();
            case CREATING_HARD_LINK -> "creating the hard link to " + entry.linkName();
            case CREATING_NODE -> "creating the " + kind(entry.type()) + (entry.type() == EntryType.FIFO ? ""
                    : " " + entry.devMajor() + ":" + entry.devMinor());
            case SETTING_OWNER -> "setting the owner " + entry.uid() + ":" + entry.gid();
            case SETTING_MODE -> "setting the mode " + Integer.toOctalString(entry.mode());
            case SETTING_XATTR -> "setting the extended attribute " + detail;
            case SETTING_MTIME -> "setting the modification time";
        };
    }

    private static String kind(EntryType type) {
        return switch (type) {
            case FILE -> "file";
            case DIRECTORY -> "directory";
            case SYMLINK -> "symbolic link";
            case HARDLINK -> "hard link";
            case CHAR_DEVICE -> "character device";
            case BLOCK_DEVICE -> "block device";
            case FIFO -> "FIFO";
        };
    }

    /** Closes the descriptors; metadata of directories not yet {@linkplain #finish() finished} is not applied. */
    @Override
    public void close() {
        try {
            chain.close();
            linkChain.close();
            root.close();
        } catch (IOException e) {
            options.warnings().accept("closing the extraction target " + target + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RootfsExtractor[" + target + "]";
    }
}
