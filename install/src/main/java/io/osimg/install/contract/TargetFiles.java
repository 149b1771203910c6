package io.osimg.install.contract;

import io.osimg.archive.posix.Fd;
import io.osimg.archive.posix.FileType;
import io.osimg.archive.posix.Posix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files inside the target root, reached component by component without following any symbolic link: a link
 * the image has where the installer writes ({@code etc -> /}) fails instead of writing to the installer's
 * own system.
 */
public final class TargetFiles {

    private static final int DIR_MODE = 0755;

    private TargetFiles() {
    }

    /** Opens the directory {@code relative} ({@code a/b}, no {@code .} or {@code ..}) under {@code root}, creating missing ones with 0755 when asked. */
    public static Fd openDirectory(Path root, String relative, boolean create) throws IOException {
        Fd dir = Posix.openDirectory(root);
        try {
            for (String name : components(relative)) {
                byte[] n = bytes(name);
                if (create && stat(dir, n).isEmpty()) {
                    Posix.mkdir(dir, n, DIR_MODE);
                }
                Fd next = Posix.openDirectory(dir, n);
                dir.close();
                dir = next;
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /**
     * Writes {@code content} as the new file {@code relative} with exactly {@code mode}: parents are created
     * 0755, a file already there is removed first, the new file is created with {@code mode} (O_EXCL) and holds
     * no content before it has that mode.
     */
    public static void writeNew(Path root, String relative, byte[] content, int mode) throws IOException {
        try {
            write(root, relative, content, mode);
        } catch (IOException e) {
            throw new IOException("writing " + root.resolve(relative) + " (no symbolic link is followed): "
                    + e.getMessage(), e);
        }
    }

    private static void write(Path root, String relative, byte[] content, int mode) throws IOException {
        try (Fd dir = openDirectory(root, parent(relative), true)) {
            byte[] name = bytes(fileName(relative));
            Optional<FileType> existing = stat(dir, name);
            if (existing.isPresent()) {
                if (existing.get() == FileType.DIRECTORY) {
                    throw new IOException("writing " + root.resolve(relative) + ": a directory is in the way");
                }
                Posix.unlink(dir, name);
            }
            try (Fd file = Posix.create(dir, name, mode)) {
                Posix.chmod(file, mode);
                ByteBuffer buf = ByteBuffer.allocateDirect(content.length);
                buf.put(content).flip();
                Posix.write(file, buf);
            }
        }
    }

    /** The content of the regular file {@code relative}; {@link NoSuchFileException} when it is missing. */
    /** Gives {@code relative} (not following a symbolic link) to {@code uid} and {@code gid}. */
    public static void chown(Path root, String relative, long uid, long gid) throws IOException {
        try (Fd dir = openDirectory(root, parent(relative), false)) {
            Posix.chown(dir, bytes(fileName(relative)), uid, gid);
        }
    }

    public static byte[] read(Path root, String relative) throws IOException {
        try (Fd dir = openDirectory(root, parent(relative), false);
             Fd file = Posix.openRead(dir, bytes(fileName(relative)))) {
            if (Posix.stat(file).type() != FileType.REGULAR) {
                throw new IOException("reading " + root.resolve(relative) + ": not a regular file");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
            while (Posix.read(file, buf) >= 0) {
                buf.flip();
                byte[] chunk = new byte[buf.remaining()];
                buf.get(chunk);
                out.write(chunk);
                buf.clear();
            }
            return out.toByteArray();
        }
    }

    /** The type of {@code relative} itself (a symbolic link is {@link FileType#SYMLINK}), empty when it is missing. */
    public static Optional<FileType> type(Path root, String relative) throws IOException {
        try (Fd dir = openDirectory(root, parent(relative), false)) {
            return stat(dir, bytes(fileName(relative)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Removes the non-directory {@code relative}; true when it was there. */
    public static boolean remove(Path root, String relative) throws IOException {
        try (Fd dir = openDirectory(root, parent(relative), false)) {
            Posix.unlink(dir, bytes(fileName(relative)));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static Optional<FileType> stat(Fd dir, byte[] name) throws IOException {
        try {
            return Optional.of(Posix.stat(dir, name).type());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static String[] components(String relative) {
        if (relative.isEmpty()) {
            return new String[0];
        }
        String[] parts = relative.split("/");
        for (String p : parts) {
            if (p.isEmpty() || p.equals(".") || p.equals("..")) {
                throw new IllegalArgumentException("not a plain relative path: " + relative);
            }
        }
        return parts;
    }

    private static String parent(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }

    private static String fileName(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        components(name);
        return name;
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
