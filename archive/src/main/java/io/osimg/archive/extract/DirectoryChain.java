package io.osimg.archive.extract;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.FileType;
import io.osimg.archive.posix.Posix;
import io.osimg.archive.posix.StatInfo;
import io.osimg.archive.tar.TarEntry;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reaches directories below the root one component at a time, {@code openat(O_DIRECTORY|O_NOFOLLOW)}
 * from the descriptor of the one above, so that no symbolic link is ever followed and nothing outside
 * the root can be reached, whatever the names are.
 *
 * <p>The descriptors of the directories last reached stay open: archives list a directory's entries
 * together, so the next entry usually needs the same chain, or most of it. A directory that is removed
 * must be {@linkplain #forget forgotten}.
 */
final class DirectoryChain implements AutoCloseable {

    private static final int IMPLICIT_DIRECTORY_MODE = 0755;

    private final Fd root;
    private final List<byte[]> names = new ArrayList<>();
    private final List<Fd> fds = new ArrayList<>();
    private long created;

    DirectoryChain(Fd root) {
        this.root = root;
    }

    /**
     * The open directory reached by {@code dirs} from the root.
     *
     * @param create create missing directories (mode 0755, like tar) instead of failing
     * @param entry  the entry, for messages
     * @param what   what is being reached, for messages ({@code ""} or {@code "hard link target x: "})
     * @throws UnsafeEntryException if a component is a symbolic link
     * @throws NoSuchFileException  if a component is missing and {@code create} is false
     */
    Fd resolve(List<byte[]> dirs, boolean create, TarEntry entry, String what) throws IOException {
        int keep = 0;
        while (keep < names.size() && keep < dirs.size() && Arrays.equals(names.get(keep), dirs.get(keep))) {
            keep++;
        }
        truncate(keep);
        for (int i = keep; i < dirs.size(); i++) {
            Fd parent = i == 0 ? root : fds.get(i - 1);
            Fd next = open(parent, dirs, i, create, entry, what);
            names.add(dirs.get(i));
            fds.add(next);
        }
        return dirs.isEmpty() ? root : fds.getLast();
    }

    private Fd open(Fd parent, List<byte[]> dirs, int i, boolean create, TarEntry entry, String what) throws IOException {
        byte[] name = dirs.get(i);
        try {
            return Posix.openDirectory(parent, name);
        } catch (NoSuchFileException missing) {
            if (!create) {
                throw missing;
            }
            try {
                Posix.mkdir(parent, name, IMPLICIT_DIRECTORY_MODE);
                created++;
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile; opened below without following anything
            }
            return Posix.openDirectory(parent, name);
        } catch (FileSystemException notADirectory) {
            StatInfo st;
            try {
                st = Posix.stat(parent, name);
            } catch (IOException e) {
                notADirectory.addSuppressed(e);
                throw notADirectory;
            }
            String shown = EntryPath.display(dirs, i + 1);
            if (st.type() == FileType.SYMLINK) {
                throw new UnsafeEntryException(entry.name(), what + "path component " + shown
                        + " is a symbolic link planted by the archive; refusing to follow it");
            }
            if (st.type() != FileType.DIRECTORY) {
                throw new FileSystemException(shown, null, "path component is a "
                        + st.type().name().toLowerCase().replace('_', ' ') + ", not a directory");
            }
            throw notADirectory;
        }
    }

    /** Closes the descriptors of {@code path} and everything below it, after it was removed or replaced. */
    void forget(List<byte[]> path) throws IOException {
        int n = Math.min(path.size(), names.size());
        for (int i = 0; i < n; i++) {
            if (!Arrays.equals(names.get(i), path.get(i))) {
                return;
            }
        }
        if (path.size() <= names.size()) {
            truncate(path.size() - 1);
        }
    }

    /** Number of missing directories this chain created. */
    long created() {
        return created;
    }

    private void truncate(int keep) throws IOException {
        IOException failure = null;
        while (fds.size() > keep) {
            try {
                fds.removeLast().close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
            names.removeLast();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        truncate(0);
    }
}
