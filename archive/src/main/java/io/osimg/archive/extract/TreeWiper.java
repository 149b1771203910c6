package io.osimg.archive.extract;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.FileType;
import io.osimg.archive.posix.Posix;
import io.osimg.archive.posix.StatInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Empties a directory through descriptors: {@code unlinkat} on directory descriptors opened with
 * {@code O_NOFOLLOW}, so a symbolic link is removed, never followed. Read-only directories are made
 * writable first; another file system mounted below is not entered.
 */
final class TreeWiper {

    private final Path target;
    private final int devMajor;
    private final int devMinor;

    private TreeWiper(Path target, StatInfo root) {
        this.target = target;
        this.devMajor = root.devMajor();
        this.devMinor = root.devMinor();
    }

    static void wipe(Path target) throws IOException {
        try (Fd root = Posix.openDirectory(target)) {
            new TreeWiper(target, Posix.stat(root)).empty(root, "");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("wiping ")) {
                throw e;
            }
            throw new IOException("wiping " + target + ": " + e.getMessage(), e);
        }
    }

    private void empty(Fd dir, String prefix) throws IOException {
        for (byte[] name : Posix.list(dir)) {
            StatInfo st = Posix.stat(dir, name);
            if (st.type() != FileType.DIRECTORY) {
                Posix.unlink(dir, name);
                continue;
            }
            String shown = prefix + new String(name, StandardCharsets.UTF_8);
            if (st.devMajor() != devMajor || st.devMinor() != devMinor) {
                throw new IOException("wiping " + target + ": " + shown + " is another file system mounted there; "
                        + "unmount it first");
            }
            try (Fd sub = Posix.openDirectory(dir, name)) {
                if ((st.mode() & 0700) != 0700) {
                    Posix.chmod(sub, 0700);
                }
                empty(sub, shown + "/");
            }
            Posix.rmdir(dir, name);
        }
    }
}
