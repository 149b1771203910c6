package io.osimg.store;

import io.osimg.core.image.ImageId;
import io.osimg.core.image.ImageLifetime;
import io.osimg.core.image.ImageManifest;
import io.osimg.core.store.Channel;
import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreKey;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One image directory of a store as a listing shows it: the files of {@code [prefix/]<imagesdir>/<os>/<versionDir>}
 * with their sizes. Only directories holding an {@code img.tar.lz4} are images.
 *
 * @param key          the key of the directory's {@code img.tar.lz4}
 * @param id           the image ID the directory stands for (without patch for stable and pull-request builds)
 * @param files        file name (relative to the directory) to size in bytes, sorted
 * @param lastModified the newest modification time among the files
 */
public record StoredImage(StoreKey key, ImageId id, Map<String, Long> files, Instant lastModified) {

    public StoredImage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lastModified, "lastModified");
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        if (!files.containsKey(ImageFiles.IMAGE)) {
            throw new IllegalArgumentException("image directory " + key.imageDir() + " has no " + ImageFiles.IMAGE);
        }
    }

    /** The image directory key, e.g. {@code metal-os/20240913/debian/13}. */
    public String directory() {
        return key.imageDir();
    }

    /** The key of a file of this image. */
    public String keyOf(String file) {
        return directory() + "/" + file;
    }

    public Channel channel() {
        return key.channel();
    }

    /** Bytes of all files of the directory. */
    public long size() {
        return files.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code <os>-<major>.<minor>} of the ID: the line that "keep the newest N" counts in. */
    public String line() {
        return id.os() + "-" + id.version().major() + "." + id.version().minor();
    }

    /** The release date as the start of that day (UTC); empty for stable and pull-request builds. */
    public Optional<Instant> releaseDate() {
        return key.releaseDate();
    }

    /**
     * The dates of this image by {@link ImageLifetime}'s rule, given its manifest (null: none); the file time of a
     * stable or pull-request build is the directory's newest modification.
     */
    public ImageLifetime lifetime(ImageManifest manifest) {
        return ImageLifetime.of(manifest, releaseDate().orElse(null), lastModified);
    }

    /** Newest first: by version (a release date is the patch), then by directory for a stable order. */
    public static int newestFirst(StoredImage a, StoredImage b) {
        int c = b.id.version().compareTo(a.id.version());
        return c != 0 ? c : a.directory().compareTo(b.directory());
    }

    @Override
    public String toString() {
        return id + " (" + directory() + ")";
    }
}
