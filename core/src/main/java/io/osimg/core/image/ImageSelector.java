package io.osimg.core.image;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Selection of "the most recent image for an ID" (contract section 3), as metal-api does it.
 *
 * <ul>
 *   <li>Only candidates of exactly the same OS are considered: {@code ubuntu-small-19.04} never selects an
 *       {@code ubuntu-19.04.x}.</li>
 *   <li>If the requested patch is greater than zero, only that exact version matches (metadata ignored).</li>
 *   <li>Otherwise the request is the tilde range of the <em>whole parsed</em> version, as Masterminds/semver v3
 *       reads {@code ~MAJOR.MINOR.0} (metal-api builds the constraint from the parsed version, not from the text):
 *       the same major and minor, at least the requested version. {@code 19.04} matches every {@code 19.4.x}; a
 *       bare major is {@code MAJOR.0.0}, so {@code 2} matches only {@code 2.0.x} and {@code 17} nothing when only
 *       {@code 17.4.x} and {@code 17.10.x} exist. The library's special case: {@code ~0.0.0} ({@code zero-0})
 *       matches every version. Pre-release candidates are excluded unless the request itself is a
 *       pre-release.</li>
 *   <li>Among the matches the highest version wins; candidates whose ID does not parse are skipped.</li>
 * </ul>
 */
public final class ImageSelector {

    private ImageSelector() {
    }

    /**
     * The newest candidate matching {@code requested}.
     *
     * @param idOf the image ID string of a candidate; candidates whose ID does not parse are skipped
     */
    public static <T> Optional<T> latest(ImageId requested, Collection<? extends T> candidates,
                                         Function<? super T, String> idOf) {
        Objects.requireNonNull(requested, "requested");
        T best = null;
        ImageVersion bestVersion = null;
        for (T candidate : candidates) {
            Optional<ImageId> id = tryParse(idOf.apply(candidate));
            if (id.isEmpty() || !matches(requested, id.get())) {
                continue;
            }
            if (bestVersion == null || id.get().version().compareTo(bestVersion) > 0) {
                best = candidate;
                bestVersion = id.get().version();
            }
        }
        return Optional.ofNullable(best);
    }

    /** The newest of {@code candidates} matching {@code requested}. */
    public static Optional<ImageId> latest(ImageId requested, Collection<ImageId> candidates) {
        return candidates.stream()
                .filter(c -> matches(requested, c))
                .max(Comparator.comparing(ImageId::version));
    }

    /** True when {@code candidate} is of the same OS and its version satisfies the request. */
    public static boolean matches(ImageId requested, ImageId candidate) {
        return requested.os().equals(candidate.os()) && versionMatches(requested.version(), candidate.version());
    }

    /**
     * The version rule alone: exact when the request has a patch, else the tilde range of the parsed version.
     * A candidate that matches is never lower than the request.
     */
    public static boolean versionMatches(ImageVersion requested, ImageVersion candidate) {
        if (requested.hasPatch()) {
            return requested.compareTo(candidate) == 0;
        }
        if (candidate.isPreRelease() && !requested.isPreRelease()) {
            return false;
        }
        if (candidate.compareTo(requested) < 0) {
            return false;
        }
        if (requested.major() == 0 && requested.minor() == 0) {
            return true; // ~0.0.0: Masterminds accepts every version (>= 0.0.0)
        }
        return candidate.major() == requested.major() && candidate.minor() == requested.minor();
    }

    private static Optional<ImageId> tryParse(String id) {
        try {
            return Optional.of(ImageId.parse(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
