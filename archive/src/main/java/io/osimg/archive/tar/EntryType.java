package io.osimg.archive.tar;

/** What a tar entry stands for. */
public enum EntryType {
    FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO;

    /** The ustar type flag. */
    char flag() {
        return switch (this) {
            case FILE -> '0';
            case HARDLINK -> '1';
            case SYMLINK -> '2';
            case CHAR_DEVICE -> '3';
            case BLOCK_DEVICE -> '4';
            case DIRECTORY -> '5';
            case FIFO -> '6';
        };
    }

    boolean isLink() {
        return this == SYMLINK || this == HARDLINK;
    }

    boolean isDevice() {
        return this == CHAR_DEVICE || this == BLOCK_DEVICE;
    }
}
