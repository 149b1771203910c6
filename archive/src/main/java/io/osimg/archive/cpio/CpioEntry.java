package io.osimg.archive.cpio;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One member of a cpio archive as {@link NewcWriter} writes it: a name relative to the archive's root
 * ({@code bin/sh}, no leading slash, no {@code .} or {@code ..} parts), its type, its permission bits and what it
 * holds. Owners and times are not part of an entry: a reproducible archive gives every member uid 0, gid 0 and the
 * one time the writer is told.
 *
 * @param name   the path inside the archive
 * @param type   what it is
 * @param mode   permission bits including set-uid, set-gid and sticky ({@code 07777} at most)
 * @param source the file whose bytes a {@link Type#FILE} holds (null when {@code bytes} is given)
 * @param bytes  the bytes a {@link Type#FILE} holds, or the target of a {@link Type#SYMLINK} in UTF-8
 * @param linkTo for a {@link Type#HARDLINK}: the name of the file entry it is another name of
 * @param major  a device's major number
 * @param minor  a device's minor number
 */
public record CpioEntry(String name, Type type, int mode, Path source, byte[] bytes, String linkTo, int major, int minor) {

    public enum Type {
        FILE(0100000), DIRECTORY(0040000), SYMLINK(0120000), CHAR_DEVICE(0020000), BLOCK_DEVICE(0060000), FIFO(0010000),
        /** Another name of a {@link #FILE} entry: written as a regular file sharing its inode number. */
        HARDLINK(0100000);

        final int bits;

        Type(int bits) {
            this.bits = bits;
        }
    }

    public CpioEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        name = checkedName(name);
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("cpio entry " + name + ": mode " + Integer.toOctalString(mode)
                    + " has bits beyond 07777");
        }
        switch (type) {
            case FILE -> {
                if ((source == null) == (bytes == null)) {
                    throw new IllegalArgumentException("cpio entry " + name + ": a file needs exactly one of source and bytes");
                }
            }
            case SYMLINK -> {
                if (bytes == null || bytes.length == 0) {
                    throw new IllegalArgumentException("cpio entry " + name + ": a symbolic link needs a target");
                }
            }
            case HARDLINK -> {
                Objects.requireNonNull(linkTo, "linkTo");
                linkTo = checkedName(linkTo);
            }
            default -> {
            }
        }
    }

    private static String checkedName(String name) {
        String n = name;
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty()) {
            throw new IllegalArgumentException("cpio entry name " + name + ": empty (the root is implicit)");
        }
        for (String part : n.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("cpio entry name " + name + ": empty, . or .. part");
            }
        }
        if (n.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("cpio entry name " + name + ": contains NUL");
        }
        return n;
    }

    public static CpioEntry directory(String name, int mode) {
        return new CpioEntry(name, Type.DIRECTORY, mode, null, null, null, 0, 0);
    }

    public static CpioEntry file(String name, int mode, Path source) {
        return new CpioEntry(name, Type.FILE, mode, source, null, null, 0, 0);
    }

    public static CpioEntry file(String name, int mode, byte[] content) {
        return new CpioEntry(name, Type.FILE, mode, null, content.clone(), null, 0, 0);
    }

    public static CpioEntry symlink(String name, String target) {
        return new CpioEntry(name, Type.SYMLINK, 0777, null, target.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, 0, 0);
    }

    public static CpioEntry hardLink(String name, String linkTo) {
        return new CpioEntry(name, Type.HARDLINK, 0, null, null, linkTo, 0, 0);
    }

    public static CpioEntry charDevice(String name, int mode, int major, int minor) {
        return new CpioEntry(name, Type.CHAR_DEVICE, mode, null, null, null, major, minor);
    }

    public static CpioEntry blockDevice(String name, int mode, int major, int minor) {
        return new CpioEntry(name, Type.BLOCK_DEVICE, mode, null, null, null, major, minor);
    }

    /** The parent's name, null for a top-level entry. */
    String parent() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? null : name.substring(0, slash);
    }
}
