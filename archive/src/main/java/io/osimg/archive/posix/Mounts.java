package io.osimg.archive.posix;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Mounting and unmounting ({@code mount(2)}, {@code umount2(2)}). Failures are {@code java.nio.file}
 * exceptions naming the mount point and the errno.
 */
public final class Mounts {

    /** {@code MS_NOSUID}: ignore setuid bits. */
    public static final long MS_NOSUID = 2;
    /** {@code MS_NODEV}: no device files. */
    public static final long MS_NODEV = 4;
    /** {@code MS_NOEXEC}: no execution. */
    public static final long MS_NOEXEC = 8;
    /** {@code MS_BIND}: bind mount. */
    public static final long MS_BIND = 4096;
    /** {@code MS_REC}: recursive (with {@link #MS_BIND}). */
    public static final long MS_REC = 16384;

    /** {@code MNT_DETACH}: lazy unmount, detach now and clean up when no longer busy. */
    public static final int MNT_DETACH = 2;
    /** {@code UMOUNT_NOFOLLOW}: do not follow a final symbolic link of the mount point. */
    public static final int UMOUNT_NOFOLLOW = 8;

    private Mounts() {
    }

    /**
     * Mounts {@code source} of type {@code fstype} (null for a bind mount) on the directory open as
     * {@code target}, through {@code /proc/self/fd/N}: the mount point is the directory that descriptor names,
     * whatever symbolic links appear along its path later.
     */
    public static void mount(String source, Fd target, String fstype, long flags, String data) throws IOException {
        mount(source, "/proc/self/fd/" + target.number(), target.path(), fstype, flags, data);
    }

    /** Mounts {@code source} of type {@code fstype} (null for a bind mount) on {@code target}. */
    public static void mount(String source, Path target, String fstype, long flags, String data) throws IOException {
        mount(source, target.toString(), target.toString(), fstype, flags, data);
    }

    private static void mount(String source, String target, String shown, String fstype, long flags, String data)
            throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.mount(c, c.cString(bytes(source)), c.cString(bytes(target)), optional(c, fstype), flags,
                    optional(c, data)) < 0) {
                String call = "mount(" + source + ", type " + (fstype == null ? "none" : fstype)
                        + ", flags 0x" + Long.toHexString(flags) + ")";
                throw Errors.exception(call, c.errno(), shown, null);
            }
        }
    }

    /** Unmounts {@code target} with {@code flags} ({@link #MNT_DETACH}, {@link #UMOUNT_NOFOLLOW}). */
    public static void unmount(Path target, int flags) throws IOException {
        try (var c = Syscalls.Call.open()) {
            if (Syscalls.umount2(c, c.cString(bytes(target.toString())), flags) < 0) {
                throw Errors.exception("umount2(flags " + flags + ")", c.errno(), target.toString(), null);
            }
        }
    }

    private static MemorySegment optional(Syscalls.Call c, String s) {
        return s == null ? MemorySegment.NULL : c.cString(bytes(s));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
