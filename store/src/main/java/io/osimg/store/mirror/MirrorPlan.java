package io.osimg.store.mirror;

import io.osimg.store.StoredImage;

import java.util.List;

/**
 * The outcome of applying a {@link RetentionPolicy} to an upstream listing: the images to have locally and the
 * ones left out, each with its reason.
 *
 * @param keep    the images to mirror, sorted by directory
 * @param skipped the images left out, sorted by directory
 * @param maxSize the policy's size cap (0: none)
 */
public record MirrorPlan(List<StoredImage> keep, List<Skip> skipped, long maxSize) {

    /** Why an image is not mirrored. */
    public enum Reason { PULL_REQUEST, STABLE, FILTERED, EXPIRED, OLDER, SIZE_CAP }

    /** One image left out. */
    public record Skip(StoredImage image, Reason reason, String detail) {
    }

    public MirrorPlan {
        keep = List.copyOf(keep);
        skipped = List.copyOf(skipped);
    }

    /** Bytes of all kept images. */
    public long totalSize() {
        return keep.stream().mapToLong(StoredImage::size).sum();
    }

    /** True when even the protected images (newest of each OS) exceed the size cap. */
    public boolean overCap() {
        return maxSize > 0 && totalSize() > maxSize;
    }

    /** Directories of the kept images. */
    public List<String> keptDirectories() {
        return keep.stream().map(StoredImage::directory).toList();
    }
}
