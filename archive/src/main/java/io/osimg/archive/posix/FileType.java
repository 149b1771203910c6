package io.osimg.archive.posix;

/** The kind of a file, from the {@code S_IFMT} bits of its mode. */
public enum FileType {
    REGULAR, DIRECTORY, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET, UNKNOWN;

    static final int S_IFMT = 0170000;

    /** The type encoded in {@code mode}. */
    public static FileType of(int mode) {
        return switch (mode & S_IFMT) {
            case 0100000 -> REGULAR;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0020000 -> CHAR_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            default -> UNKNOWN;
        };
    }

    /** The {@code S_IFMT} bits of this type, for {@code mknod}. */
    int bits() {
        return switch (this) {
            case REGULAR -> 0100000;
            case DIRECTORY -> 0040000;
            case SYMLINK -> 0120000;
            case CHAR_DEVICE -> 0020000;
            case BLOCK_DEVICE -> 0060000;
            case FIFO -> 0010000;
            case SOCKET -> 0140000;
            case UNKNOWN -> throw new IllegalArgumentException("no mode bits for an unknown file type");
        };
    }
}
