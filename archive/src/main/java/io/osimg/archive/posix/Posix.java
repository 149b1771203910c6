package io.osimg.archive.posix;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.osimg.archive.posix.Syscalls.AT_EMPTY_PATH;
import static io.osimg.archive.posix.Syscalls.AT_FDCWD;
import static io.osimg.archive.posix.Syscalls.AT_REMOVEDIR;
import static io.osimg.archive.posix.Syscalls.AT_SYMLINK_NOFOLLOW;
import static io.osimg.archive.posix.Syscalls.O_CLOEXEC;
import static io.osimg.archive.posix.Syscalls.O_CREAT;
import static io.osimg.archive.posix.Syscalls.O_DIRECTORY;
import static io.osimg.archive.posix.Syscalls.O_EXCL;
import static io.osimg.archive.posix.Syscalls.O_NOCTTY;
import static io.osimg.archive.posix.Syscalls.O_NOFOLLOW;
import static io.osimg.archive.posix.Syscalls.O_NONBLOCK;
import static io.osimg.archive.posix.Syscalls.O_RDONLY;
import static io.osimg.archive.posix.Syscalls.O_WRONLY;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * POSIX file operations on Linux relative to directory descriptors, with names as raw bytes (Linux
 * names need not be valid in any charset). Nothing is followed: every call that takes a name acts on
 * that name itself, never on what a symbolic link there points to (except {@link #chmod(Fd, byte[], int)},
 * see there). Failures are {@code java.nio.file} exceptions naming the file.
 */
public final class Posix {

    private static final int XATTR_LIST_START = 1024;
    private static final int WRITE_CHUNK = 1 << 20;

    private Posix() {
    }

    // ---------------------------------------------------------------- descriptors

    /** Opens the directory {@code dir} (a final symbolic link is followed: it is the caller's choice of root). */
    public static Fd openDirectory(Path dir) throws IOException {
        try (var c = Syscalls.Call.open()) {
            int fd = Syscalls.openat(c, AT_FDCWD, c.cString(nativeBytes(dir)), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            if (fd < 0) {
                throw Errors.exception("open directory", c.errno(), dir.toString(), null);
            }
            return new Fd(fd, dir.toString());
        }
    }

    /** Opens the directory {@code name} in {@code dir}; a symbolic link there fails with ELOOP or ENOTDIR. */
    public static Fd openDirectory(Fd dir, byte[] name) throws IOException {
        return open(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0,
                "openat(O_DIRECTORY|O_NOFOLLOW)");
    }

    /** Opens {@code name} in {@code dir} for reading, without following a symbolic link and without blocking on a FIFO. */
    public static Fd openRead(Fd dir, byte[] name) throws IOException {
        return open(dir, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0,
                "openat(O_RDONLY|O_NOFOLLOW)");
    }

    /** Creates the new regular file {@code name} in {@code dir} and opens it for writing (O_EXCL: it must not exist). */
    public static Fd create(Fd dir, byte[] name, int mode) throws IOException {
        return open(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 07777,
                "openat(O_CREAT|O_EXCL)");
    }

    private static Fd open(Fd dir, byte[] name, int flags, int mode, String what) throws IOException {
        try (var c = Syscalls.Call.open()) {
            int fd = Syscalls.openat(c, dir.raw(), c.cString(name), flags, mode);
            if (fd < 0) {
                throw Errors.exception(what, c.errno(), child(dir, name), null);
            }
            return new Fd(fd, dir, name.clone());
        }
    }

    static void close(Fd file, int fd) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.close(c, fd) < 0 && c.errno() != Errors.EINTR) {
                throw Errors.exception("close", c.errno(), file.path(), null);
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /** The names in directory {@code dir} except "." and "..", in the order the file system returns them. */
    public static List<byte[]> list(Fd dir) throws IOException {
        List<byte[]> names = new ArrayList<>();
        try (var c = Syscalls.Call.open()) {
            MemorySegment buf = c.allocate(64 * 1024, 8);
            while (true) {
                long n = Syscalls.getdents64(c, dir.raw(), buf, buf.byteSize());
                if (n < 0) {
                    throw Errors.exception("getdents64", c.errno(), dir.path(), null);
                }
                if (n == 0) {
                    return names;
                }
                long pos = 0;
                while (pos < n) {
                    int reclen = Short.toUnsignedInt(buf.get(JAVA_SHORT_UNALIGNED, pos + 16));
                    long nameStart = pos + 19;
                    long end = nameStart;
                    while (buf.get(JAVA_BYTE, end) != 0) {
                        end++;
                    }
                    byte[] name = buf.asSlice(nameStart, end - nameStart).toArray(JAVA_BYTE);
                    if (!isDotOrDotDot(name)) {
                        names.add(name);
                    }
                    pos += reclen;
                }
            }
        }
    }

    private static boolean isDotOrDotDot(byte[] name) {
        return (name.length == 1 && name[0] == '.') || (name.length == 2 && name[0] == '.' && name[1] == '.');
    }

    /** {@code statx} of {@code name} in {@code dir}, not following a symbolic link. */
    public static StatInfo stat(Fd dir, byte[] name) throws IOException {
        try (var c = Syscalls.Call.open()) {
            return statx(c, dir.raw(), c.cString(name), AT_SYMLINK_NOFOLLOW, child(dir, name));
        }
    }

    /** {@code statx} of the open file {@code fd}. */
    public static StatInfo stat(Fd fd) throws IOException {
        try (var c = Syscalls.Call.open()) {
            return statx(c, fd.raw(), c.cString(new byte[0]), AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, fd.path());
        }
    }

    private static StatInfo statx(Syscalls.Call c, int dirfd, MemorySegment path, int flags, String shown)
            throws IOException {
        MemorySegment b = c.allocate(Syscalls.STATX_SIZE_BYTES, 8);
        if (Syscalls.statx(c, dirfd, path, flags, Syscalls.STATX_BASIC_STATS, b) < 0) {
            throw Errors.exception("statx", c.errno(), shown, null);
        }
        int mode = Short.toUnsignedInt(b.get(JAVA_SHORT_UNALIGNED, 28));
        return new StatInfo(FileType.of(mode), mode & 07777,
                Integer.toUnsignedLong(b.get(JAVA_INT_UNALIGNED, 20)),
                Integer.toUnsignedLong(b.get(JAVA_INT_UNALIGNED, 24)),
                b.get(JAVA_LONG_UNALIGNED, 40),
                Integer.toUnsignedLong(b.get(JAVA_INT_UNALIGNED, 16)),
                b.get(JAVA_INT_UNALIGNED, 136), b.get(JAVA_INT_UNALIGNED, 140),
                b.get(JAVA_LONG_UNALIGNED, 32),
                b.get(JAVA_INT_UNALIGNED, 128), b.get(JAVA_INT_UNALIGNED, 132),
                timestamp(b, 112), timestamp(b, 64));
    }

    private static Instant timestamp(MemorySegment b, long offset) {
        return Instant.ofEpochSecond(b.get(JAVA_LONG_UNALIGNED, offset),
                Integer.toUnsignedLong(b.get(JAVA_INT_UNALIGNED, offset + 8)));
    }

    /** The target of the symbolic link {@code name} in {@code dir}, as raw bytes. */
    public static byte[] readlink(Fd dir, byte[] name) throws IOException {
        try (var c = Syscalls.Call.open()) {
            MemorySegment path = c.cString(name);
            for (long size = 4096; ; size *= 4) {
                MemorySegment buf = c.allocate(size);
                long n = Syscalls.readlinkat(c, dir.raw(), path, buf, size);
                if (n < 0) {
                    throw Errors.exception("readlinkat", c.errno(), child(dir, name), null);
                }
                if (n < size) {
                    return buf.asSlice(0, n).toArray(JAVA_BYTE);
                }
            }
        }
    }

    /**
     * Reads from {@code fd} into the remaining space of the direct buffer {@code buf} and advances its
     * position; returns the number of bytes read, -1 at end of file.
     */
    public static int read(Fd fd, ByteBuffer buf) throws IOException {
        requireDirect(buf);
        try (var c = Syscalls.Call.open()) {
            MemorySegment seg = MemorySegment.ofBuffer(buf);
            while (true) {
                long n = Syscalls.read(c, fd.raw(), seg, seg.byteSize());
                if (n < 0) {
                    if (c.errno() == Errors.EINTR) {
                        continue;
                    }
                    throw Errors.exception("read", c.errno(), fd.path(), null);
                }
                if (n == 0 && seg.byteSize() > 0) {
                    return -1;
                }
                buf.position(buf.position() + (int) n);
                return (int) n;
            }
        }
    }

    /** Writes all remaining bytes of the direct buffer {@code buf} to {@code fd}. */
    public static void write(Fd fd, ByteBuffer buf) throws IOException {
        requireDirect(buf);
        try (var c = Syscalls.Call.open()) {
            while (buf.hasRemaining()) {
                MemorySegment seg = MemorySegment.ofBuffer(buf);
                long n = Syscalls.write(c, fd.raw(), seg, seg.byteSize());
                if (n < 0) {
                    if (c.errno() == Errors.EINTR) {
                        continue;
                    }
                    throw Errors.exception("write", c.errno(), fd.path(), null);
                }
                buf.position(buf.position() + (int) n);
            }
        }
    }

    /**
     * Writes {@code len} bytes of {@code b} from {@code off} to {@code fd}, through native memory reused
     * by this thread (at most {@value #WRITE_CHUNK} bytes a call to write(2)).
     */
    public static void write(Fd fd, byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        try (var c = Syscalls.Call.open()) {
            MemorySegment seg = c.allocate(Math.min(len, WRITE_CHUNK), 64);
            while (len > 0) {
                int chunk = (int) Math.min(len, seg.byteSize());
                MemorySegment.copy(b, off, seg, JAVA_BYTE, 0, chunk);
                long done = 0;
                while (done < chunk) {
                    long n = Syscalls.write(c, fd.raw(), done == 0 ? seg : seg.asSlice(done), chunk - done);
                    if (n < 0) {
                        if (c.errno() == Errors.EINTR) {
                            continue;
                        }
                        throw Errors.exception("write", c.errno(), fd.path(), null);
                    }
                    done += n;
                }
                off += chunk;
                len -= chunk;
            }
        }
    }

    private static void requireDirect(ByteBuffer buf) {
        if (!buf.isDirect()) {
            throw new IllegalArgumentException("read and write need a direct ByteBuffer");
        }
    }

    // ---------------------------------------------------------------- extended attributes

    /**
     * All extended attributes of {@code name} in {@code dir} (of a symbolic link itself, not its target), by
     * name in sorted order; empty if the file system does not support them.
     */
    public static Map<String, byte[]> xattrs(Fd dir, byte[] name) throws IOException {
        String shown = child(dir, name);
        try (var c = Syscalls.Call.open()) {
            MemorySegment path = c.cString(procPath(dir, name));
            byte[] list = null;
            for (long size = XATTR_LIST_START; list == null; size *= 4) {
                MemorySegment buf = c.allocate(size);
                long n = Syscalls.llistxattr(c, path, buf, size);
                if (n >= 0) {
                    list = buf.asSlice(0, n).toArray(JAVA_BYTE);
                } else if (c.errno() == Errors.EOPNOTSUPP) {
                    return Map.of();
                } else if (c.errno() != Errors.ERANGE) {
                    throw Errors.exception("llistxattr", c.errno(), shown, null);
                }
            }
            if (list.length == 0) {
                return Map.of();
            }
            Map<String, byte[]> result = new TreeMap<>();
            int start = 0;
            for (int i = 0; i < list.length; i++) {
                if (list[i] == 0) {
                    byte[] key = Arrays.copyOfRange(list, start, i);
                    start = i + 1;
                    byte[] value = getxattr(c, path, key, shown);
                    if (value != null) {
                        result.put(new String(key, StandardCharsets.UTF_8), value);
                    }
                }
            }
            return Collections.unmodifiableMap(result);
        }
    }

    private static byte[] getxattr(Syscalls.Call c, MemorySegment path, byte[] key, String shown) throws IOException {
        MemorySegment k = c.cString(key);
        for (long size = 256; ; size *= 4) {
            MemorySegment buf = c.allocate(size);
            long n = Syscalls.lgetxattr(c, path, k, buf, size);
            if (n >= 0) {
                return buf.asSlice(0, n).toArray(JAVA_BYTE);
            }
            if (c.errno() == Errors.ENODATA) {
                return null;
            }
            if (c.errno() != Errors.ERANGE || size > 1 << 24) {
                throw Errors.exception("lgetxattr(" + new String(key, StandardCharsets.UTF_8) + ")", c.errno(), shown, null);
            }
        }
    }

    /** Sets the extended attribute {@code key} of {@code name} in {@code dir} (of a symbolic link itself). */
    public static void setXattr(Fd dir, byte[] name, String key, byte[] value) throws IOException {
        try (var c = Syscalls.Call.open()) {
            MemorySegment v = c.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
            if (Syscalls.lsetxattr(c, c.cString(procPath(dir, name)), c.cString(key.getBytes(StandardCharsets.UTF_8)),
                    v, value.length, 0) < 0) {
                throw Errors.exception("lsetxattr(" + key + ")", c.errno(), child(dir, name), null);
            }
        }
    }

    /** Sets the extended attribute {@code key} of the open file {@code fd}. */
    public static void setXattr(Fd fd, String key, byte[] value) throws IOException {
        try (var c = Syscalls.Call.open()) {
            MemorySegment v = c.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
            if (Syscalls.fsetxattr(c, fd.raw(), c.cString(key.getBytes(StandardCharsets.UTF_8)), v, value.length, 0) < 0) {
                throw Errors.exception("fsetxattr(" + key + ")", c.errno(), fd.path(), null);
            }
        }
    }

    /** {@code /proc/self/fd/N/name}: reaches {@code name} in {@code dir} by a path for the path-only calls. */
    private static byte[] procPath(Fd dir, byte[] name) {
        byte[] prefix = ("/proc/self/fd/" + dir.raw() + "/").getBytes(StandardCharsets.US_ASCII);
        byte[] path = Arrays.copyOf(prefix, prefix.length + name.length);
        System.arraycopy(name, 0, path, prefix.length, name.length);
        return path;
    }

    // ---------------------------------------------------------------- creating and changing

    /** Creates the directory {@code name} in {@code dir}. */
    public static void mkdir(Fd dir, byte[] name, int mode) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.mkdirat(c, dir.raw(), c.cString(name), mode & 07777) < 0) {
                throw Errors.exception("mkdirat", c.errno(), child(dir, name), null);
            }
        }
    }

    /** Creates a device node, FIFO, socket node or empty regular file {@code name} in {@code dir}. */
    public static void mknod(Fd dir, byte[] name, FileType type, int mode, int major, int minor) throws IOException {
        if (type != FileType.CHAR_DEVICE && type != FileType.BLOCK_DEVICE && type != FileType.FIFO
                && type != FileType.REGULAR && type != FileType.SOCKET) {
            throw new IllegalArgumentException("mknod cannot create a " + type);
        }
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.mknodat(c, dir.raw(), c.cString(name), type.bits() | (mode & 07777), makedev(major, minor)) < 0) {
                throw Errors.exception("mknodat(" + type + " " + major + ":" + minor + ")", c.errno(), child(dir, name), null);
            }
        }
    }

    /** Creates the FIFO {@code name} in {@code dir}. */
    public static void mkfifo(Fd dir, byte[] name, int mode) throws IOException {
        mknod(dir, name, FileType.FIFO, mode, 0, 0);
    }

    /** glibc's {@code makedev}. */
    static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfffL) << 8) | ((ma & 0xfffff000L) << 32) | (mi & 0xffL) | ((mi & 0xffffff00L) << 12);
    }

    /** Creates the symbolic link {@code name} in {@code dir} pointing to {@code target}. */
    public static void symlink(byte[] target, Fd dir, byte[] name) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.symlinkat(c, c.cString(target), dir.raw(), c.cString(name)) < 0) {
                throw Errors.exception("symlinkat", c.errno(), child(dir, name), new String(target, StandardCharsets.UTF_8));
            }
        }
    }

    /** Creates the hard link {@code newName} in {@code newDir} to {@code oldName} in {@code oldDir} (a symlink is not followed). */
    public static void link(Fd oldDir, byte[] oldName, Fd newDir, byte[] newName) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.linkat(c, oldDir.raw(), c.cString(oldName), newDir.raw(), c.cString(newName), 0) < 0) {
                throw Errors.exception("linkat", c.errno(), child(newDir, newName), child(oldDir, oldName));
            }
        }
    }

    /** Removes the non-directory {@code name} in {@code dir}. */
    public static void unlink(Fd dir, byte[] name) throws IOException {
        unlinkat(dir, name, 0, "unlinkat");
    }

    /** Removes the empty directory {@code name} in {@code dir}. */
    public static void rmdir(Fd dir, byte[] name) throws IOException {
        unlinkat(dir, name, AT_REMOVEDIR, "unlinkat(AT_REMOVEDIR)");
    }

    private static void unlinkat(Fd dir, byte[] name, int flags, String what) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.unlinkat(c, dir.raw(), c.cString(name), flags) < 0) {
                throw Errors.exception(what, c.errno(), child(dir, name), null);
            }
        }
    }

    /** Renames {@code oldName} in {@code oldDir} to {@code newName} in {@code newDir}, replacing what is there. */
    public static void rename(Fd oldDir, byte[] oldName, Fd newDir, byte[] newName) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.renameat(c, oldDir.raw(), c.cString(oldName), newDir.raw(), c.cString(newName)) < 0) {
                throw Errors.exception("renameat", c.errno(), child(oldDir, oldName), child(newDir, newName));
            }
        }
    }

    /**
     * Renames {@code from} to {@code to} (a directory too) unless {@code to} exists, in one step:
     * {@code renameat2(RENAME_NOREPLACE)}. An existing {@code to} is a {@code FileAlreadyExistsException},
     * even an empty directory, which {@code rename} would silently replace.
     */
    public static void renameNoReplace(Path from, Path to) throws IOException {
        renameat2(from, to, Syscalls.RENAME_NOREPLACE, "renameat2(RENAME_NOREPLACE)");
    }

    /**
     * Swaps the names {@code a} and {@code b} (files or directories, both must exist) in one atomic step:
     * {@code renameat2(RENAME_EXCHANGE)}. Someone looking up either name finds the one object or the other, never
     * nothing. A file system without the operation fails with EINVAL; ext4, xfs, btrfs and tmpfs have it.
     */
    public static void exchange(Path a, Path b) throws IOException {
        renameat2(a, b, Syscalls.RENAME_EXCHANGE, "renameat2(RENAME_EXCHANGE)");
    }

    private static void renameat2(Path from, Path to, int flags, String what) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.renameat2(c, AT_FDCWD, c.cString(nativeBytes(from)), AT_FDCWD, c.cString(nativeBytes(to)), flags) < 0) {
                throw Errors.exception(what, c.errno(), from.toString(), to.toString());
            }
        }
    }

    /**
     * Changes owner and group of {@code name} in {@code dir} (of a symbolic link itself). The kernel clears
     * setuid/setgid bits and {@code security.capability} on chown: restore modes and xattrs after it.
     */
    public static void chown(Fd dir, byte[] name, long uid, long gid) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.fchownat(c, dir.raw(), c.cString(name), (int) uid, (int) gid, AT_SYMLINK_NOFOLLOW) < 0) {
                throw Errors.exception("fchownat(" + uid + ":" + gid + ")", c.errno(), child(dir, name), null);
            }
        }
    }

    /**
     * Changes the permission bits (07777) of {@code name} in {@code dir}. Linux cannot change the mode of a
     * symbolic link (it is always 0777), so callers must not call this on one: it would follow it.
     */
    public static void chmod(Fd dir, byte[] name, int mode) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.fchmodat(c, dir.raw(), c.cString(name), mode & 07777, 0) < 0) {
                throw Errors.exception("fchmodat(" + Integer.toOctalString(mode) + ")", c.errno(), child(dir, name), null);
            }
        }
    }

    /** Changes the permission bits (07777) of the open file {@code fd}. */
    public static void chmod(Fd fd, int mode) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.fchmod(c, fd.raw(), mode & 07777) < 0) {
                throw Errors.exception("fchmod(" + Integer.toOctalString(mode) + ")", c.errno(), fd.path(), null);
            }
        }
    }

    /**
     * Sets access and modification time of {@code name} in {@code dir} (of a symbolic link itself) to the
     * nanosecond; a {@code null} time is left unchanged.
     */
    public static void setTimes(Fd dir, byte[] name, Instant atime, Instant mtime) throws IOException {
        try (var c = Syscalls.Call.open()) {
            MemorySegment times = c.allocate(32, 8);
            timespec(times, 0, atime);
            timespec(times, 16, mtime);
            if (Syscalls.utimensat(c, dir.raw(), c.cString(name), times, AT_SYMLINK_NOFOLLOW) < 0) {
                throw Errors.exception("utimensat", c.errno(), child(dir, name), null);
            }
        }
    }

    private static void timespec(MemorySegment times, long offset, Instant t) {
        times.set(ValueLayout.JAVA_LONG, offset, t == null ? 0 : t.getEpochSecond());
        times.set(ValueLayout.JAVA_LONG, offset + 8, t == null ? Syscalls.UTIME_OMIT : t.getNano());
    }

    // ---------------------------------------------------------------- helpers

    static String child(Fd dir, byte[] name) {
        String d = dir.path();
        return (d.endsWith("/") ? d : d + "/") + new String(name, StandardCharsets.UTF_8);
    }

    private static byte[] nativeBytes(Path p) {
        String enc = System.getProperty("sun.jnu.encoding", "UTF-8");
        return p.toString().getBytes(Charset.forName(enc));
    }

    // --- extraction ---

    /**
     * Changes owner and group of the open file {@code fd}. The kernel clears setuid/setgid bits and
     * {@code security.capability} on chown: restore modes and xattrs after it.
     */
    public static void chown(Fd fd, long uid, long gid) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.fchown(c, fd.raw(), (int) uid, (int) gid) < 0) {
                throw Errors.exception("fchown(" + uid + ":" + gid + ")", c.errno(), fd.path(), null);
            }
        }
    }

    /** Sets access and modification time of the open file {@code fd} to the nanosecond; {@code null} leaves one unchanged. */
    public static void setTimes(Fd fd, Instant atime, Instant mtime) throws IOException {
        try (var c = Syscalls.Call.open()) {
            MemorySegment times = c.allocate(32, 8);
            timespec(times, 0, atime);
            timespec(times, 16, mtime);
            if (Syscalls.futimens(c, fd.raw(), times) < 0) {
                throw Errors.exception("futimens", c.errno(), fd.path(), null);
            }
        }
    }
}
