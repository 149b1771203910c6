package io.osimg.install.disk;

/**
 * One line of {@code /etc/fstab}.
 *
 * @param spec    {@code UUID=...}
 * @param file    the mount point, {@code none} for swap
 * @param type    the file system type
 * @param options the mount options, {@code defaults} when the layout has none
 * @param pass    fsck order: 1 for the root, 2 for other ext file systems, 0 otherwise
 */
public record FstabEntry(String spec, String file, String type, String options, int pass) {

    /** The fstab line (no newline). */
    public String line() {
        return spec + " " + file + " " + type + " " + options + " 0 " + pass;
    }
}
