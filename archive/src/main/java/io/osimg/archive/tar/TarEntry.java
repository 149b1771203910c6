package io.osimg.archive.tar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of a tar archive, as faithful as a root file system needs.
 *
 * <p>Paths are raw bytes (Linux names need not be UTF-8) relative to the archive root, without a leading
 * "./"; a directory's path ends with "/" (added if missing), like GNU tar writes them. Arrays are copied in
 * and out, so an entry is immutable.
 *
 * @param path       the entry's path, raw bytes
 * @param type       what the entry stands for
 * @param mode       permission bits {@code 07777} (setuid, setgid, sticky, rwx)
 * @param uid        numeric owner, any non-negative value (beyond 2^21 is written as a PAX record)
 * @param gid        numeric group
 * @param uname      owner name, "" if unknown
 * @param gname      group name, "" if unknown
 * @param size       number of content bytes ({@code 0} for everything but files)
 * @param mtime      modification time, to the nanosecond
 * @param linkTarget target of a symbolic link or path of the hard link's original, else {@code null}
 * @param devMajor   major device number of a device entry
 * @param devMinor   minor device number of a device entry
 * @param xattrs     extended attributes by full name ("security.capability"), sorted
 */
public record TarEntry(byte[] path, EntryType type, int mode, long uid, long gid, String uname, String gname,
                       long size, Instant mtime, byte[] linkTarget, int devMajor, int devMinor,
                       Map<String, byte[]> xattrs) {

    public TarEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        if (path.length == 0) {
            throw new IllegalArgumentException("tar entry with an empty path");
        }
        for (byte b : path) {
            if (b == 0) {
                throw new IllegalArgumentException("tar entry path contains a NUL byte: " + show(path));
            }
        }
        if (type == EntryType.DIRECTORY && path[path.length - 1] != '/') {
            path = Arrays.copyOf(path, path.length + 1);
            path[path.length - 1] = '/';
        } else {
            path = path.clone();
        }
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + show(path)
                    + " has bits beyond 07777");
        }
        if (uid < 0 || gid < 0 || uid > 0xffffffffL || gid > 0xffffffffL) {
            throw new IllegalArgumentException("owner " + uid + ":" + gid + " of " + show(path) + " out of range");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " of " + show(path));
        }
        if (devMajor < 0 || devMinor < 0) {
            throw new IllegalArgumentException("negative device number " + devMajor + ":" + devMinor + " of " + show(path));
        }
        if (type.isLink()) {
            if (linkTarget == null || linkTarget.length == 0) {
                throw new IllegalArgumentException(type + " " + show(path) + " without a link target");
            }
            linkTarget = linkTarget.clone();
        } else {
            linkTarget = null;
        }
        uname = uname == null ? "" : uname;
        gname = gname == null ? "" : gname;
        if (xattrs == null || xattrs.isEmpty()) {
            xattrs = Map.of();
        } else {
            TreeMap<String, byte[]> copy = new TreeMap<>();
            xattrs.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "xattr name"),
                    Objects.requireNonNull(v, "xattr value of " + k).clone()));
            xattrs = Collections.unmodifiableMap(copy);
        }
    }

    /** A builder for {@code path} (UTF-8) with defaults: mode 0644 (0755 directories, 0777 symlinks), owner 0:0, mtime 0. */
    public static Builder builder(String path, EntryType type) {
        return new Builder(path.getBytes(StandardCharsets.UTF_8), type);
    }

    /** A builder for the raw {@code path}. */
    public static Builder builder(byte[] path, EntryType type) {
        return new Builder(path.clone(), type);
    }

    /** A builder holding this entry's values. */
    public Builder toBuilder() {
        Builder b = new Builder(path, type);
        b.mode = mode;
        b.uid = uid;
        b.gid = gid;
        b.uname = uname;
        b.gname = gname;
        b.size = size;
        b.mtime = mtime;
        b.linkTarget = linkTarget;
        b.devMajor = devMajor;
        b.devMinor = devMinor;
        b.xattrs = new TreeMap<>(xattrs);
        return b;
    }

    @Override
    public byte[] path() {
        return path.clone();
    }

    @Override
    public byte[] linkTarget() {
        return linkTarget == null ? null : linkTarget.clone();
    }

    /** The path decoded as UTF-8 (invalid bytes become U+FFFD), for display and matching. */
    public String name() {
        return new String(path, StandardCharsets.UTF_8);
    }

    /** The link target decoded as UTF-8, or {@code null}. */
    public String linkName() {
        return linkTarget == null ? null : new String(linkTarget, StandardCharsets.UTF_8);
    }

    /** Number of bytes of the path (without copying it). */
    int pathLength() {
        return path.length;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TarEntry e)) {
            return false;
        }
        return Arrays.equals(path, e.path) && type == e.type && mode == e.mode && uid == e.uid && gid == e.gid
                && uname.equals(e.uname) && gname.equals(e.gname) && size == e.size && mtime.equals(e.mtime)
                && Arrays.equals(linkTarget, e.linkTarget) && devMajor == e.devMajor && devMinor == e.devMinor
                && xattrsEqual(xattrs, e.xattrs);
    }

    private static boolean xattrsEqual(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (var entry : a.entrySet()) {
            if (!Arrays.equals(entry.getValue(), b.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(type, mode, uid, gid, uname, gname, size, mtime, devMajor, devMinor);
        h = 31 * h + Arrays.hashCode(path);
        h = 31 * h + Arrays.hashCode(linkTarget);
        for (var entry : xattrs.entrySet()) {
            h = 31 * h + entry.getKey().hashCode() + 17 * Arrays.hashCode(entry.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TarEntry[").append(show(path)).append(' ').append(type)
                .append(" mode=").append(Integer.toOctalString(mode)).append(" owner=").append(uid).append(':').append(gid);
        if (!uname.isEmpty() || !gname.isEmpty()) {
            s.append(" names=").append(uname).append(':').append(gname);
        }
        s.append(" size=").append(size).append(" mtime=").append(mtime);
        if (linkTarget != null) {
            s.append(" link=").append(show(linkTarget));
        }
        if (type.isDevice()) {
            s.append(" dev=").append(devMajor).append(':').append(devMinor);
        }
        if (!xattrs.isEmpty()) {
            s.append(" xattrs={");
            xattrs.forEach((k, v) -> s.append(k).append('=').append(HexFormatHolder.HEX.formatHex(v)).append(' '));
            s.setLength(s.length() - 1);
            s.append('}');
        }
        return s.append(']').toString();
    }

    /** Bytes shown printable: UTF-8 where valid and printable, {@code \xNN} otherwise. */
    static String show(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            int u = b & 0xff;
            if (u >= 0x20 && u < 0x7f && u != '\\') {
                s.append((char) u);
            } else {
                s.append(String.format("\\x%02x", u));
            }
        }
        return s.toString();
    }

    private static final class HexFormatHolder {
        static final HexFormat HEX = HexFormat.of();
    }

    /** Fluent construction of an entry; see {@link TarEntry#builder(String, EntryType)} for defaults. */
    public static final class Builder {
        private final byte[] path;
        private final EntryType type;
        private int mode;
        private long uid;
        private long gid;
        private String uname = "";
        private String gname = "";
        private long size;
        private Instant mtime = Instant.EPOCH;
        private byte[] linkTarget;
        private int devMajor;
        private int devMinor;
        private Map<String, byte[]> xattrs = new TreeMap<>();

        private Builder(byte[] path, EntryType type) {
            this.path = path;
            this.type = Objects.requireNonNull(type, "type");
            this.mode = switch (type) {
                case DIRECTORY -> 0755;
                case SYMLINK -> 0777;
                default -> 0644;
            };
        }

        public Builder mode(int mode) {
            this.mode = mode;
            return this;
        }

        public Builder uid(long uid) {
            this.uid = uid;
            return this;
        }

        public Builder gid(long gid) {
            this.gid = gid;
            return this;
        }

        public Builder owner(long uid, long gid) {
            return uid(uid).gid(gid);
        }

        public Builder uname(String uname) {
            this.uname = uname;
            return this;
        }

        public Builder gname(String gname) {
            this.gname = gname;
            return this;
        }

        public Builder size(long size) {
            this.size = size;
            return this;
        }

        public Builder mtime(Instant mtime) {
            this.mtime = mtime;
            return this;
        }

        public Builder linkTarget(byte[] target) {
            this.linkTarget = target == null ? null : target.clone();
            return this;
        }

        public Builder linkTarget(String target) {
            return linkTarget(target.getBytes(StandardCharsets.UTF_8));
        }

        public Builder device(int major, int minor) {
            this.devMajor = major;
            this.devMinor = minor;
            return this;
        }

        public Builder xattr(String name, byte[] value) {
            xattrs.put(name, value.clone());
            return this;
        }

        public Builder xattrs(Map<String, byte[]> all) {
            xattrs = new TreeMap<>(all);
            return this;
        }

        public TarEntry build() {
            return new TarEntry(path, type, mode, uid, gid, uname, gname, size, mtime, linkTarget, devMajor, devMinor, xattrs);
        }
    }
}
