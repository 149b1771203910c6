package io.osimg.install.disk;

/**
 * One line of {@code /etc/fstab}.
 *
 * @param spec    {@code UUID=...}, {@code tmpfs} for tmpfs
 * @param file    the mount point, {@code none} for swap
 * @param type    the file system type
 * @param options the mount options, {@code defaults} when the layout has none
 * @param pass    fsck order as metal-hammer writes it: 1 for the root, 0 for swap and tmpfs, 2 for every other file system
 *                (the EFI system partition's vfat included)
 */
public record FstabEntry(String spec, String file, String type, String options, int pass) {

    /** The entry of a formatted file system of the layout whose UUID is {@code uuid} (unused for tmpfs). */
    static FstabEntry of(DiskLayout.Filesystem fs, String uuid) {
        String options = fs.mountOptions().isEmpty() ? (fs.format() == DiskLayout.Format.SWAP ? "sw" : "defaults")
                : String.join(",", fs.mountOptions());
        if (fs.format() == DiskLayout.Format.SWAP) {
            return new FstabEntry("UUID=" + uuid, "none", "swap", options, 0);
        }
        if (fs.format() == DiskLayout.Format.TMPFS) {
            return new FstabEntry("tmpfs", fs.path(), "tmpfs", options, 0);
        }
        return new FstabEntry("UUID=" + uuid, fs.path(), fs.format().fsName(), options, fs.path().equals("/") ? 1 : 2);
    }

    /** The fstab line (no newline). */
    public String line() {
        return spec + " " + file + " " + type + " " + options + " 0 " + pass;
    }
}
