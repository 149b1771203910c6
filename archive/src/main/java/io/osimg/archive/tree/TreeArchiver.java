package io.osimg.archive.tree;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.FileType;
import io.osimg.archive.posix.Posix;
import io.osimg.archive.posix.StatInfo;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Archives the contents of a root directory into a tar, keeping everything a root file system has:
 * numeric owners, modes with setuid/setgid/sticky, symbolic links, hard links, devices, FIFOs,
 * extended attributes of all namespaces, raw-byte names, nanosecond mtimes.
 *
 * <p>Entry order: depth first, the names of each directory sorted by their raw bytes (unsigned), a
 * directory before its contents; the same order as GNU {@code tar --sort=name -C root .}. Paths are
 * relative to the root without a leading "./" ({@code etc/}, {@code etc/passwd}); directories end with
 * "/"; the root directory itself is not an entry. A file with more than one link becomes a file at its
 * first path in this order and hard-link entries at the others. Sockets are skipped with a warning.
 * The tree is walked through directory descriptors ({@link Posix}), never by decoding names, and no
 * symbolic link is followed.
 *
 * <p>User and group names are left empty: the numbers are what counts in an image, and the host's
 * names would be wrong for it.
 */
public final class TreeArchiver {

    /**
     * @param reproducible drop the sub-second part of mtimes, so that only whole seconds, which
     *                     package managers set, reach the archive
     * @param clampMtime   SOURCE_DATE_EPOCH: mtimes later than it are set to it
     * @param warnings     receives one message per skipped file
     */
    public record Options(boolean reproducible, Optional<Instant> clampMtime, Consumer<String> warnings) {
        public Options {
            Objects.requireNonNull(clampMtime, "clampMtime");
            Objects.requireNonNull(warnings, "warnings");
        }

        /** Full fidelity, no clamping, warnings to the {@code io.osimg.archive.tree} system logger. */
        public static Options defaults() {
            System.Logger log = System.getLogger("io.osimg.archive.tree");
            return new Options(false, Optional.empty(), m -> log.log(System.Logger.Level.WARNING, m));
        }
    }

    /**
     * @param entries   entries written
     * @param fileBytes content bytes of regular files written
     * @param skipped   files skipped (sockets, unknown types)
     */
    public record Result(long entries, long fileBytes, long skipped) {
    }

    private static final int READ_BUFFER = 1 << 20;

    private final Options options;

    public TreeArchiver(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Writes every file below {@code root} to {@code out} (the caller finishes {@code out}). */
    public Result archive(Path root, TarWriter out) throws IOException {
        Walk walk = new Walk(out);
        try (Fd dir = Posix.openDirectory(root)) {
            walk.directory(dir, new byte[0]);
        }
        return new Result(walk.entries, walk.fileBytes, walk.skipped);
    }

    /** The state of one run. */
    private final class Walk {
        private final TarWriter out;
        private final FdInputStream reader = new FdInputStream(READ_BUFFER);
        private final Map<StatInfo.FileKey, byte[]> firstLink = new HashMap<>();
        private long entries;
        private long fileBytes;
        private long skipped;

        Walk(TarWriter out) {
            this.out = out;
        }

        void directory(Fd dir, byte[] prefix) throws IOException {
            List<byte[]> names = Posix.list(dir);
            names.sort(Arrays::compareUnsigned);
            for (byte[] name : names) {
                byte[] path = concat(prefix, name);
                StatInfo st = Posix.stat(dir, name);
                if (st.type() == FileType.SOCKET || st.type() == FileType.UNKNOWN) {
                    skipped++;
                    options.warnings().accept("skipping " + show(path) + ": a " + st.type().name().toLowerCase()
                            + " cannot be archived");
                    continue;
                }
                if (st.type() != FileType.DIRECTORY && st.nlink() > 1) {
                    byte[] original = firstLink.putIfAbsent(st.fileKey(), path);
                    if (original != null) {
                        write(entry(path, EntryType.HARDLINK, st, dir, name).linkTarget(original).build(), null);
                        continue;
                    }
                }
                switch (st.type()) {
                    case DIRECTORY -> {
                        write(entry(path, EntryType.DIRECTORY, st, dir, name).build(), null);
                        try (Fd sub = Posix.openDirectory(dir, name)) {
                            directory(sub, concat(path, new byte[] {'/'}));
                        }
                    }
                    case REGULAR -> file(dir, name, path, st);
                    case SYMLINK -> write(entry(path, EntryType.SYMLINK, st, dir, name)
                            .linkTarget(Posix.readlink(dir, name)).build(), null);
                    case CHAR_DEVICE -> write(entry(path, EntryType.CHAR_DEVICE, st, dir, name)
                            .device(st.rdevMajor(), st.rdevMinor()).build(), null);
                    case BLOCK_DEVICE -> write(entry(path, EntryType.BLOCK_DEVICE, st, dir, name)
                            .device(st.rdevMajor(), st.rdevMinor()).build(), null);
                    case FIFO -> write(entry(path, EntryType.FIFO, st, dir, name).build(), null);
                    default -> throw new IllegalStateException("unreachable: " + st.type());
                }
            }
        }

        private void file(Fd dir, byte[] name, byte[] path, StatInfo st) throws IOException {
            try (Fd fd = Posix.openRead(dir, name)) {
                StatInfo now = Posix.stat(fd);
                if (now.type() != FileType.REGULAR || !now.fileKey().equals(st.fileKey())) {
                    throw new IOException("archiving " + show(path) + ": the file was replaced while the tree was read");
                }
                TarEntry e = entry(path, EntryType.FILE, now, dir, name).size(now.size()).build();
                write(e, reader.reset(fd));
                fileBytes += e.size();
            }
        }

        private TarEntry.Builder entry(byte[] path, EntryType type, StatInfo st, Fd dir, byte[] name) throws IOException {
            return TarEntry.builder(path, type)
                    .mode(st.mode())
                    .owner(st.uid(), st.gid())
                    .mtime(mtime(st.mtime()))
                    .xattrs(Posix.xattrs(dir, name));
        }

        private void write(TarEntry e, FdInputStream data) throws IOException {
            out.write(e, data);
            entries++;
        }
    }

    private Instant mtime(Instant t) {
        if (options.reproducible() && t.getNano() != 0) {
            t = Instant.ofEpochSecond(t.getEpochSecond());
        }
        if (options.clampMtime().isPresent() && t.isAfter(options.clampMtime().get())) {
            t = options.clampMtime().get();
        }
        return t;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String show(byte[] path) {
        return new String(path, StandardCharsets.UTF_8);
    }
}
