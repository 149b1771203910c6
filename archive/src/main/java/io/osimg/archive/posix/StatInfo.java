package io.osimg.archive.posix;

import java.time.Instant;

/**
 * What {@code statx} says about one file (without following a final symbolic link).
 *
 * @param type     the file's kind
 * @param mode     the permission bits, {@code 07777} (setuid, setgid, sticky and rwx)
 * @param uid      owner
 * @param gid      group
 * @param size     size in bytes (symlinks: length of the target)
 * @param nlink    number of hard links
 * @param devMajor major number of the device holding the file
 * @param devMinor minor number of the device holding the file
 * @param inode    inode number
 * @param rdevMajor major number of the device a device file stands for
 * @param rdevMinor minor number of the device a device file stands for
 * @param mtime    last modification, to the nanosecond
 * @param atime    last access, to the nanosecond
 */
public record StatInfo(FileType type, int mode, long uid, long gid, long size, long nlink,
                       int devMajor, int devMinor, long inode, int rdevMajor, int rdevMinor,
                       Instant mtime, Instant atime) {

    /** The identity of the inode: equal for all hard links of one file. */
    public record FileKey(int devMajor, int devMinor, long inode) {
    }

    public FileKey fileKey() {
        return new FileKey(devMajor, devMinor, inode);
    }
}
