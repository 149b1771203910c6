package io.osimg.store.catalog;

import io.osimg.store.BlobKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * A number that changes whenever a directory of the store gains, loses or renames an entry: a hash of every
 * directory's identity and modification time. Publishing an image (a rename), replacing a stable image (renames),
 * deleting one, an rsync (temporary file, rename) all change the mtime of some directory. Image directories are
 * stat'ed but not listed, so a store of 10,000 images costs about one {@code stat} per directory and none per file:
 * far less than the full rescan it lets the catalog skip.
 *
 * <p>What it cannot see: a file rewritten in place, without a rename. The catalog therefore still rescans fully
 * every so often (see {@link StoreCatalog}).
 */
final class DirectoryStamp {
    private DirectoryStamp() {}

    /**
     * @param root the store root
     * @param imageDirs keys of the directories known to hold images (relative to root)
     */
    static long of(Path root, Set<String> imageDirs) throws IOException {
        long[] h = {0xcbf29ce484222325L};
        walk(root, root, imageDirs, h);
        return h[0];
    }

    private static void walk(Path root, Path dir, Set<String> imageDirs, long[] h) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            mix(h, dir.hashCode());
            return;
        }
        mix(h, dir.hashCode());
        mix(h, a.lastModifiedTime().toMillis());
        mix(h, a.lastModifiedTime().toInstant().getNano());
        mix(h, a.fileKey() == null ? 0 : a.fileKey().hashCode());
        String key = dir.equals(root) ? "" : root.relativize(dir).toString();
        if (imageDirs.contains(key)) {
            return; // holds files only: its own mtime tells of renames inside it
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                if (dir.equals(root) && e.getFileName().toString().equals(BlobKey.STAGING_DIR)) {
                    continue;
                }
                if (Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
                    walk(root, e, imageDirs, h);
                }
            }
        } catch (NoSuchFileException gone) {
            mix(h, -1);
        }
    }

    private static void mix(long[] h, long v) {
        h[0] = (h[0] ^ v) * 0x100000001b3L;
    }
}
