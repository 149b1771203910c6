package io.osimg.archive.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import java.lang.foreign.ValueLayout;

/**
 * The one door to the C library: every FFM downcall of osimg lives here, one method per call.
 *
 * <p>Each method takes a {@link Call} that carries the confined arena for its arguments and the
 * segment receiving {@code errno}; it returns the raw C result. A negative result means failure and
 * {@link Call#errno()} holds the reason; {@link Errors} turns that into a {@code java.nio.file}
 * exception. Constants are those of Linux x86-64 (they are the same on arm64 for the calls used
 * here; {@code statx} has one layout on every architecture, which is why it is used instead of
 * {@code struct stat}).
 */
final class Syscalls {

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOCTTY = 0400;
    static final int O_TRUNC = 01000;
    static final int O_NONBLOCK = 04000;
    static final int O_DIRECTORY = 0200000;
    static final int O_NOFOLLOW = 0400000;
    static final int O_CLOEXEC = 02000000;

    static final int RENAME_NOREPLACE = 1;
    static final int RENAME_EXCHANGE = 2;

    static final int STATX_BASIC_STATS = 0x7ff;
    static final int STATX_SIZE_BYTES = 256;

    static final long UTIME_OMIT = (1L << 30) - 2;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(groupElement("errno"));

    // Each downcall handle is held by its own class, so that it is linked on first use: linking generates
    // code and costs milliseconds per handle at start-up, which a short run (one extraction) feels.

    private static final class Openat {
        static final MethodHandle HANDLE = handle("openat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), 3);
    }
    private static final class Close {
        static final MethodHandle HANDLE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    private static final class Read {
        static final MethodHandle HANDLE = handle("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    private static final class Write {
        static final MethodHandle HANDLE = handle("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    private static final class Getdents64 {
        static final MethodHandle HANDLE = handle("getdents64", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    private static final class Statx {
        static final MethodHandle HANDLE = handle("statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    }
    private static final class Readlinkat {
        static final MethodHandle HANDLE = handle("readlinkat", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    }
    private static final class Mkdirat {
        static final MethodHandle HANDLE = handle("mkdirat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class Mknodat {
        static final MethodHandle HANDLE = handle("mknodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    }
    private static final class Symlinkat {
        static final MethodHandle HANDLE = handle("symlinkat", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    }
    private static final class Linkat {
        static final MethodHandle HANDLE = handle("linkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class Unlinkat {
        static final MethodHandle HANDLE = handle("unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class Renameat {
        static final MethodHandle HANDLE = handle("renameat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    }
    private static final class Renameat2 {
        static final MethodHandle HANDLE = handle("renameat2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    }
    private static final class Fchownat {
        static final MethodHandle HANDLE = handle("fchownat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class Fchmodat {
        static final MethodHandle HANDLE = handle("fchmodat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }
    private static final class Fchmod {
        static final MethodHandle HANDLE = handle("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class Utimensat {
        static final MethodHandle HANDLE = handle("utimensat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    }
    private static final class Llistxattr {
        static final MethodHandle HANDLE = handle("llistxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    }
    private static final class Lgetxattr {
        static final MethodHandle HANDLE = handle("lgetxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    }
    private static final class Lsetxattr {
        static final MethodHandle HANDLE = handle("lsetxattr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    private static final class Fsetxattr {
        static final MethodHandle HANDLE = handle("fsetxattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    // --- extraction ---
    private static final class Fchown {
        static final MethodHandle HANDLE = handle("fchown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }
    private static final class Futimens {
        static final MethodHandle HANDLE = handle("futimens", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    private static final class StrerrornameNp {
        static final MethodHandle HANDLE = LINKER.downcallHandle(LIBC.find("strerrorname_np").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }
    private static final class Strerror {
        static final MethodHandle HANDLE = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private Syscalls() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)),
                descriptor, Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor, int firstVariadic) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)),
                descriptor, Linker.Option.firstVariadicArg(firstVariadic), Linker.Option.captureCallState("errno"));
    }

    /**
     * Scratch for the calls of one operation: the segment receiving {@code errno} and a bump allocator for
     * C strings and buffers.
     *
     * <p>Obtain one with {@link #open()} and close it when the operation is done. Each thread keeps one
     * scratch for reuse (its memory in an automatic arena, freed with the thread), so that a run of
     * operations, as extraction makes by the hundred thousand, allocates no native memory; an operation
     * begun while another one on the same thread is open gets a fresh scratch of its own.
     */
    static final class Call implements AutoCloseable {
        private static final long FIRST_BLOCK = 8 * 1024;
        private static final ThreadLocal<Call> CACHED = ThreadLocal.withInitial(() -> new Call(Arena.ofAuto(), true));

        private final Arena arena;
        final MemorySegment state;
        private final boolean cached;
        private boolean inUse;
        private MemorySegment block;
        private long used;

        private Call(Arena arena, boolean cached) {
            this.arena = arena;
            this.cached = cached;
            this.state = arena.allocate(CAPTURE);
            this.block = cached ? arena.allocate(FIRST_BLOCK, 16) : MemorySegment.NULL;
        }

        /** The scratch for a new operation on this thread. */
        static Call open() {
            Call c = CACHED.get();
            if (c.inUse) {
                return new Call(Arena.ofConfined(), false);
            }
            c.inUse = true;
            c.used = 0;
            return c;
        }

        int errno() {
            return (int) ERRNO.get(state, 0L);
        }

        /**
         * {@code size} bytes aligned to {@code align} (a power of two), valid until this call is closed;
         * not zeroed.
         */
        MemorySegment allocate(long size, long align) {
            long start = (used + align - 1) & -align;
            if (start + size > block.byteSize()) {
                // a new block; the old one stays allocated (in the arena) while slices of it may be in use
                long want = Math.max(Math.max(size + align, FIRST_BLOCK), block.byteSize() * 2);
                block = arena.allocate(want, 16);
                used = 0;
                start = 0;
            }
            used = start + size;
            return block.asSlice(start, size);
        }

        /** {@code size} bytes, byte-aligned; see {@link #allocate(long, long)}. */
        MemorySegment allocate(long size) {
            return allocate(size, 1);
        }

        /** A NUL-terminated copy of {@code bytes}. */
        MemorySegment cString(byte[] bytes) {
            MemorySegment s = allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
            s.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
            return s;
        }

        @Override
        public void close() {
            if (cached) {
                inUse = false;
                if (block.byteSize() > MAX_KEPT) {
                    // do not hold a large block forever: start small again in a new arena next time
                    CACHED.remove();
                }
            } else {
                arena.close();
            }
        }

        private static final long MAX_KEPT = 4L << 20;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    /** {@code int openat(int dirfd, const char *pathname, int flags, mode_t mode);} */
    static int openat(Call c, int dirfd, MemorySegment path, int flags, int mode) {
        try {
            return (int) Openat.HANDLE.invokeExact(c.state, dirfd, path, flags, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int close(int fd);} */
    static int close(Call c, int fd) {
        try {
            return (int) Close.HANDLE.invokeExact(c.state, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ssize_t read(int fd, void *buf, size_t count);} */
    static long read(Call c, int fd, MemorySegment buf, long count) {
        try {
            return (long) Read.HANDLE.invokeExact(c.state, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ssize_t write(int fd, const void *buf, size_t count);} */
    static long write(Call c, int fd, MemorySegment buf, long count) {
        try {
            return (long) Write.HANDLE.invokeExact(c.state, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ssize_t getdents64(int fd, void *dirp, size_t count);} */
    static long getdents64(Call c, int fd, MemorySegment buf, long count) {
        try {
            return (long) Getdents64.HANDLE.invokeExact(c.state, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int statx(int dirfd, const char *pathname, int flags, unsigned int mask, struct statx *statxbuf);} */
    static int statx(Call c, int dirfd, MemorySegment path, int flags, int mask, MemorySegment buf) {
        try {
            return (int) Statx.HANDLE.invokeExact(c.state, dirfd, path, flags, mask, buf);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ssize_t readlinkat(int dirfd, const char *pathname, char *buf, size_t bufsiz);} */
    static long readlinkat(Call c, int dirfd, MemorySegment path, MemorySegment buf, long size) {
        try {
            return (long) Readlinkat.HANDLE.invokeExact(c.state, dirfd, path, buf, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int mkdirat(int dirfd, const char *pathname, mode_t mode);} */
    static int mkdirat(Call c, int dirfd, MemorySegment path, int mode) {
        try {
            return (int) Mkdirat.HANDLE.invokeExact(c.state, dirfd, path, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int mknodat(int dirfd, const char *pathname, mode_t mode, dev_t dev);} */
    static int mknodat(Call c, int dirfd, MemorySegment path, int mode, long dev) {
        try {
            return (int) Mknodat.HANDLE.invokeExact(c.state, dirfd, path, mode, dev);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int symlinkat(const char *target, int newdirfd, const char *linkpath);} */
    static int symlinkat(Call c, MemorySegment target, int dirfd, MemorySegment path) {
        try {
            return (int) Symlinkat.HANDLE.invokeExact(c.state, target, dirfd, path);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags);} */
    static int linkat(Call c, int oldDir, MemorySegment oldPath, int newDir, MemorySegment newPath, int flags) {
        try {
            return (int) Linkat.HANDLE.invokeExact(c.state, oldDir, oldPath, newDir, newPath, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int unlinkat(int dirfd, const char *pathname, int flags);} */
    static int unlinkat(Call c, int dirfd, MemorySegment path, int flags) {
        try {
            return (int) Unlinkat.HANDLE.invokeExact(c.state, dirfd, path, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);} */
    static int renameat(Call c, int oldDir, MemorySegment oldPath, int newDir, MemorySegment newPath) {
        try {
            return (int) Renameat.HANDLE.invokeExact(c.state, oldDir, oldPath, newDir, newPath);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
     * unsigned int flags);}
     */
    static int renameat2(Call c, int oldDir, MemorySegment oldPath, int newDir, MemorySegment newPath, int flags) {
        try {
            return (int) Renameat2.HANDLE.invokeExact(c.state, oldDir, oldPath, newDir, newPath, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int fchownat(int dirfd, const char *pathname, uid_t owner, gid_t group, int flags);} */
    static int fchownat(Call c, int dirfd, MemorySegment path, int uid, int gid, int flags) {
        try {
            return (int) Fchownat.HANDLE.invokeExact(c.state, dirfd, path, uid, gid, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int fchmodat(int dirfd, const char *pathname, mode_t mode, int flags);} */
    static int fchmodat(Call c, int dirfd, MemorySegment path, int mode, int flags) {
        try {
            return (int) Fchmodat.HANDLE.invokeExact(c.state, dirfd, path, mode, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int fchmod(int fd, mode_t mode);} */
    static int fchmod(Call c, int fd, int mode) {
        try {
            return (int) Fchmod.HANDLE.invokeExact(c.state, fd, mode);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int utimensat(int dirfd, const char *pathname, const struct timespec times[2], int flags);} */
    static int utimensat(Call c, int dirfd, MemorySegment path, MemorySegment times, int flags) {
        try {
            return (int) Utimensat.HANDLE.invokeExact(c.state, dirfd, path, times, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ssize_t llistxattr(const char *path, char *list, size_t size);} */
    static long llistxattr(Call c, MemorySegment path, MemorySegment list, long size) {
        try {
            return (long) Llistxattr.HANDLE.invokeExact(c.state, path, list, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ssize_t lgetxattr(const char *path, const char *name, void *value, size_t size);} */
    static long lgetxattr(Call c, MemorySegment path, MemorySegment name, MemorySegment value, long size) {
        try {
            return (long) Lgetxattr.HANDLE.invokeExact(c.state, path, name, value, size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags);} */
    static int lsetxattr(Call c, MemorySegment path, MemorySegment name, MemorySegment value, long size, int flags) {
        try {
            return (int) Lsetxattr.HANDLE.invokeExact(c.state, path, name, value, size, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int fsetxattr(int fd, const char *name, const void *value, size_t size, int flags);} */
    static int fsetxattr(Call c, int fd, MemorySegment name, MemorySegment value, long size, int flags) {
        try {
            return (int) Fsetxattr.HANDLE.invokeExact(c.state, fd, name, value, size, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code const char *strerrorname_np(int errnum);} ("ENOENT"), {@code null} for an unknown number. */
    static String errorName(int errno) {
        try {
            MemorySegment s = (MemorySegment) StrerrornameNp.HANDLE.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? null : s.reinterpret(64).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code char *strerror(int errnum);} ("No such file or directory"). */
    static String errorText(int errno) {
        try {
            MemorySegment s = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // --- installer ---

    private static final class Mount {
        static final MethodHandle HANDLE = handle("mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }
    private static final class Umount2 {
        static final MethodHandle HANDLE = handle("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }
    /** {@code syscall(2)} with five long-sized arguments after the number (file descriptors sign-extended). */
    private static final class Syscall5 {
        static final MethodHandle HANDLE = handle("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG), 1);
    }
    private static final class Sync {
        static final MethodHandle HANDLE = LINKER.downcallHandle(LIBC.find("sync").orElseThrow(() -> new UnsatisfiedLinkError("libc has no sync")), FunctionDescriptor.ofVoid());
    }
    private static final class Reboot {
        static final MethodHandle HANDLE = handle("reboot", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /**
     * {@code int mount(const char *source, const char *target, const char *filesystemtype,
     * unsigned long mountflags, const void *data);}
     */
    static int mount(Call c, MemorySegment source, MemorySegment target, MemorySegment fstype, long flags,
                     MemorySegment data) {
        try {
            return (int) Mount.HANDLE.invokeExact(c.state, source, target, fstype, flags, data);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int umount2(const char *target, int flags);} */
    static int umount2(Call c, MemorySegment target, int flags) {
        try {
            return (int) Umount2.HANDLE.invokeExact(c.state, target, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code long syscall(long number, ...);} with the arguments of
     * {@code kexec_file_load(int kernel_fd, int initrd_fd, unsigned long cmdline_len, const char *cmdline,
     * unsigned long flags)}; the number differs per architecture (x86-64 320, arm64 294).
     */
    static long kexecFileLoad(Call c, long number, long kernelFd, long initrdFd, long cmdlineLen,
                              MemorySegment cmdline, long flags) {
        try {
            return (long) Syscall5.HANDLE.invokeExact(c.state, number, kernelFd, initrdFd, cmdlineLen, cmdline, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code void sync(void);} */
    static void sync() {
        try {
            Sync.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int reboot(int cmd);} (glibc adds {@code LINUX_REBOOT_MAGIC1} and {@code LINUX_REBOOT_MAGIC2}). */
    static int reboot(Call c, int cmd) {
        try {
            return (int) Reboot.HANDLE.invokeExact(c.state, cmd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // --- extraction ---

    /** {@code int fchown(int fd, uid_t owner, gid_t group);} */
    static int fchown(Call c, int fd, int uid, int gid) {
        try {
            return (int) Fchown.HANDLE.invokeExact(c.state, fd, uid, gid);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code int futimens(int fd, const struct timespec times[2]);} */
    static int futimens(Call c, int fd, MemorySegment times) {
        try {
            return (int) Futimens.HANDLE.invokeExact(c.state, fd, times);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
