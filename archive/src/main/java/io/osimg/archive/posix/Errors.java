package io.osimg.archive.posix;

import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The one place where an errno becomes a {@code java.nio.file} exception. */
final class Errors {

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int EXDEV = 18;
    static final int ENOTDIR = 20;
    static final int EINVAL = 22;
    static final int ERANGE = 34;
    static final int ENOTEMPTY = 39;
    static final int ELOOP = 40;
    static final int ENOSYS = 38;
    static final int ENODATA = 61;
    static final int EOPNOTSUPP = 95;

    private Errors() {
    }

    /** {@code ENOENT (No such file or directory)}. */
    static String describe(int errno) {
        String name = Syscalls.errorName(errno);
        return (name == null ? "errno " + errno : name) + " (" + Syscalls.errorText(errno) + ")";
    }

    /**
     * The exception for {@code call} failing with {@code errno} on {@code file} (and {@code other}, the
     * second file of link and rename, or {@code null}).
     */
    static FileSystemException exception(String call, int errno, String file, String other) {
        String reason = call + ": " + describe(errno);
        if ((errno == EINVAL || errno == ENOSYS) && call.startsWith("renameat2(")) {
            return new FileSystemException(file, other, reason + " (the file system or kernel may not support this flag)");
        }
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(file, other, reason);
            case EACCES, EPERM -> new AccessDeniedException(file, other, reason);
            case EEXIST -> new FileAlreadyExistsException(file, other, reason);
            case ENOTDIR -> new NotDirectoryException(file);
            case ENOTEMPTY -> new DirectoryNotEmptyException(file);
            case ELOOP -> new FileSystemException(file, other, call + ": symbolic link not followed (ELOOP)");
            case EXDEV -> new AtomicMoveNotSupportedException(file, other, reason + ": not on one file system");
            default -> new FileSystemException(file, other, reason);
        };
    }
}
