package io.osimg.store.mirror;

import io.osimg.core.store.ImageFiles;
import io.osimg.store.StoredImage;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a mirror keeps (contract section 3): per OS and major.minor the newest {@code keep} release images, none
 * that expired more than {@code grace} ago, at most {@code maxSize} bytes in total, only images matching the
 * include globs (when there are any) and none matching an exclude glob.
 *
 * <p>Globs ({@code *} within a path segment, {@code **} across segments, {@code ?}, {@code [..]}, <code>{a,b}</code>)
 * are matched against the image ID ({@code debian-12.0.20260101}), the image directory
 * ({@code metal-os/20260101/debian/12}) and the image's URL path ({@code metal-os/20260101/debian/12/img.tar.lz4}).
 *
 * <p>Stable builds are mirrored only when {@code includeStable} is set; they are not counted by {@code keep}, not
 * expired (unless their manifest says so) and count toward {@code maxSize}. Pull-request builds are never mirrored.
 *
 * @param keep          newest release images kept per OS and major.minor, at least 1
 * @param maxSize       the cap on the bytes of all kept images, 0 for none
 * @param includes      globs an image must match one of (none: every image)
 * @param excludes      globs that drop an image
 * @param grace         how long after its expiration an image is still mirrored
 * @param includeStable mirror {@code stable} builds too
 */
public record RetentionPolicy(int keep, long maxSize, List<String> includes, List<String> excludes, Duration grace,
                              boolean includeStable) {

    public RetentionPolicy {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        if (maxSize < 0) {
            throw new IllegalArgumentException("max size must not be negative, got " + maxSize);
        }
        includes = List.copyOf(Objects.requireNonNullElse(includes, List.of()));
        excludes = List.copyOf(Objects.requireNonNullElse(excludes, List.of()));
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace period must not be negative, got " + grace);
        }
        for (String g : includes) {
            matcher(g);
        }
        for (String g : excludes) {
            matcher(g);
        }
    }

    /** Keep 3 per line, no size cap, no filters, 7 days of grace, no stable builds. */
    public static RetentionPolicy defaults() {
        return new RetentionPolicy(3, 0, List.of(), List.of(), Duration.ofDays(7), false);
    }

    public RetentionPolicy withKeep(int n) {
        return new RetentionPolicy(n, maxSize, includes, excludes, grace, includeStable);
    }

    public RetentionPolicy withMaxSize(long bytes) {
        return new RetentionPolicy(keep, bytes, includes, excludes, grace, includeStable);
    }

    public RetentionPolicy withIncludes(List<String> globs) {
        return new RetentionPolicy(keep, maxSize, globs, excludes, grace, includeStable);
    }

    public RetentionPolicy withExcludes(List<String> globs) {
        return new RetentionPolicy(keep, maxSize, includes, globs, grace, includeStable);
    }

    public RetentionPolicy withGrace(Duration d) {
        return new RetentionPolicy(keep, maxSize, includes, excludes, d, includeStable);
    }

    public RetentionPolicy withIncludeStable(boolean b) {
        return new RetentionPolicy(keep, maxSize, includes, excludes, grace, b);
    }

    /** Why the filters drop {@code image}, or empty when they let it through. */
    Optional<String> filter(StoredImage image) {
        for (String g : excludes) {
            if (matches(g, image)) {
                return Optional.of("excluded by '" + g + "'");
            }
        }
        if (!includes.isEmpty() && includes.stream().noneMatch(g -> matches(g, image))) {
            return Optional.of("matches no --include " + includes);
        }
        return Optional.empty();
    }

    private static boolean matches(String glob, StoredImage image) {
        PathMatcher m = matcher(glob);
        return m.matches(Path.of(image.id().toString()))
                || m.matches(Path.of(image.directory()))
                || m.matches(Path.of(image.keyOf(ImageFiles.IMAGE)));
    }

    private static PathMatcher matcher(String glob) {
        if (glob == null || glob.isBlank()) {
            throw new IllegalArgumentException("an include/exclude glob must not be empty");
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("include/exclude glob '" + glob + "': " + e.getMessage(), e);
        }
    }
}
