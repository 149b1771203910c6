package io.osimg.archive.cpio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a cpio archive in the SVR4 {@code newc} format (magic {@code 070701}), the format the Linux kernel unpacks
 * as an initramfs ({@code Documentation/driver-api/early-userspace/buffer-format.rst}), reproducibly as Jib builds
 * its layers: members sorted by name (byte order of their UTF-8), every missing parent directory added with mode
 * 0755, uid and gid 0, one modification time for all ({@code SOURCE_DATE_EPOCH}), inode numbers counted from 1 in
 * that order, no device numbers of the build machine. Given the same entries and time, the bytes are the same.
 *
 * <p>Hard links share their file's inode number and link count; the bytes travel with the last name of the group
 * (the others have size 0), as GNU cpio writes them, which both GNU cpio and the kernel unpack as one file with
 * several names. A directory's link count is 2 plus its subdirectories.
 */
public final class NewcWriter {
    static final String MAGIC = "070701";
    static final String TRAILER = "TRAILER!!!";
    private static final int HEADER = 110;
    private static final long MAX_FIELD = 0xffffffffL;

    private final long mtime;

    /** @param mtime the modification time of every member, seconds since the epoch (SOURCE_DATE_EPOCH) */
    public NewcWriter(long mtime) {
        if (mtime < 0 || mtime > MAX_FIELD) {
            throw new IllegalArgumentException("cpio mtime " + mtime + ": outside 0.." + MAX_FIELD);
        }
        this.mtime = mtime;
    }

    /** What was written: members (without the trailer) and bytes of file content. */
    public record Summary(int members, long contentBytes, long archiveBytes) {
    }

    /**
     * Writes the archive of {@code entries} (in any order) and its trailer to {@code out}; does not close it.
     *
     * @throws IllegalArgumentException when two entries have one name, a name's parent is not a directory, a hard
     *                                  link names no file, or a file is larger than the format's 4 GiB
     * @throws IOException              when a source file cannot be read (naming it and its entry) or the output fails
     */
    public Summary write(List<CpioEntry> entries, OutputStream out) throws IOException {
        TreeMap<String, CpioEntry> byName = sorted(entries);
        Map<String, Integer> subdirs = new HashMap<>();
        for (CpioEntry e : byName.values()) {
            if (e.type() == CpioEntry.Type.DIRECTORY && e.parent() != null) {
                subdirs.merge(e.parent(), 1, Integer::sum);
            }
        }
        // hard link groups: the file and every name linking to it, in name order; the last one carries the bytes
        Map<String, List<String>> groups = new HashMap<>();
        for (CpioEntry e : byName.values()) {
            if (e.type() == CpioEntry.Type.HARDLINK) {
                CpioEntry target = byName.get(e.linkTo());
                if (target == null || target.type() != CpioEntry.Type.FILE) {
                    throw new IllegalArgumentException("cpio entry " + e.name() + ": hard link to " + e.linkTo()
                            + ", which is not a regular file entry");
                }
                groups.computeIfAbsent(e.linkTo(), k -> new ArrayList<>(List.of(k))).add(e.name());
            }
        }
        Map<String, String> groupOf = new HashMap<>();
        groups.forEach((file, names) -> {
            names.sort(null);
            names.forEach(n -> groupOf.put(n, file));
        });
        Map<String, Integer> inodes = new HashMap<>();
        CountingOut counting = new CountingOut(new java.io.BufferedOutputStream(out, 1 << 16));
        int ino = 0;
        long content = 0;
        for (CpioEntry e : byName.values()) {
            String group = groupOf.get(e.name());
            int inode;
            if (group != null && inodes.containsKey(group)) {
                inode = inodes.get(group);
            } else {
                inode = ++ino;
                if (group != null) {
                    inodes.put(group, inode);
                }
            }
            CpioEntry data = e.type() == CpioEntry.Type.HARDLINK ? byName.get(e.linkTo()) : e;
            int nlink;
            boolean carries = true;
            if (group != null) {
                List<String> names = groups.get(group);
                nlink = names.size();
                carries = names.getLast().equals(e.name());
            } else {
                nlink = e.type() == CpioEntry.Type.DIRECTORY ? 2 + subdirs.getOrDefault(e.name(), 0) : 1;
            }
            int mode = (e.type() == CpioEntry.Type.HARDLINK ? data.mode() : e.mode()) | e.type().bits;
            long size = !carries ? 0 : switch (data.type()) {
                case FILE -> data.bytes() != null ? data.bytes().length : sizeOf(data);
                case SYMLINK -> data.bytes().length;
                default -> 0;
            };
            if (size > MAX_FIELD) {
                throw new IllegalArgumentException("cpio entry " + e.name() + ": " + size + " bytes, more than newc's 4 GiB");
            }
            header(counting, e.name(), inode, mode, nlink, size, data.major(), data.minor());
            if (size > 0) {
                long written = data.bytes() != null ? writeBytes(counting, data.bytes()) : copy(counting, data, e.name(), size);
                pad(counting, written);
                content += written;
            }
        }
        header(counting, TRAILER, 0, 0, 1, 0, 0, 0);
        // the kernel reads whole 512-byte blocks: end the archive on one, as cpio does
        long rest = counting.count % 512;
        if (rest != 0) {
            counting.write(new byte[(int) (512 - rest)]);
        }
        counting.flush();
        return new Summary(byName.size(), content, counting.count);
    }

    private static TreeMap<String, CpioEntry> sorted(List<CpioEntry> entries) {
        // byte order of UTF-8 names, not String order: the same as the order sort(1) gives in the C locale
        TreeMap<String, CpioEntry> byName = new TreeMap<>((a, b) -> java.util.Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        for (CpioEntry e : entries) {
            if (byName.putIfAbsent(e.name(), e) != null) {
                throw new IllegalArgumentException("cpio entry " + e.name() + ": given twice");
            }
        }
        List<CpioEntry> parents = new ArrayList<>();
        for (CpioEntry e : byName.values()) {
            for (String p = e.parent(); p != null; p = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : null) {
                CpioEntry existing = byName.get(p);
                if (existing != null && existing.type() != CpioEntry.Type.DIRECTORY) {
                    throw new IllegalArgumentException("cpio entry " + e.name() + ": its parent " + p + " is not a directory");
                }
                if (existing == null) {
                    parents.add(CpioEntry.directory(p, 0755));
                }
            }
        }
        parents.forEach(d -> byName.putIfAbsent(d.name(), d));
        return byName;
    }

    private static long sizeOf(CpioEntry e) throws IOException {
        try {
            return Files.size(e.source());
        } catch (IOException ex) {
            throw new IOException("cpio entry " + e.name() + ": reading " + e.source() + ": " + ex, ex);
        }
    }

    private void header(CountingOut out, String name, int ino, int mode, int nlink, long size, int major, int minor)
            throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(HEADER).append(MAGIC);
        for (long field : new long[] {ino, mode, 0, 0, nlink, mtime, size, 0, 0, major, minor, n.length + 1, 0}) {
            h.append(String.format("%08x", field));
        }
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(n);
        out.write(0);
        pad(out, HEADER + n.length + 1);
    }

    private static long writeBytes(OutputStream out, byte[] b) throws IOException {
        out.write(b);
        return b.length;
    }

    private static long copy(OutputStream out, CpioEntry e, String name, long size) throws IOException {
        long n;
        try (InputStream in = Files.newInputStream(e.source())) {
            n = in.transferTo(out);
        } catch (IOException ex) {
            throw new IOException("cpio entry " + name + ": reading " + e.source() + ": " + ex.getMessage(), ex);
        }
        if (n != size) {
            throw new IOException("cpio entry " + name + ": " + e.source() + " changed size while archived (" + size
                    + " then " + n + " bytes)");
        }
        return n;
    }

    private static void pad(OutputStream out, long length) throws IOException {
        int rest = (int) (length % 4);
        if (rest != 0) {
            out.write(new byte[4 - rest]);
        }
    }

    private static final class CountingOut extends OutputStream {
        private final OutputStream out;
        long count;

        CountingOut(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
