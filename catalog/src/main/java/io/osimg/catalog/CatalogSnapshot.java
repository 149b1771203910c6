package io.osimg.catalog;

import io.osimg.core.image.ImageId;
import io.osimg.core.image.ImageRecord;
import io.osimg.core.image.ImageSelector;
import io.osimg.core.image.ImageVersion;
import io.osimg.core.store.Channel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable catalog at one moment, indexed for the server's questions.
 *
 * <p>Resolution ({@link #latest}) follows contract section 3 ({@link ImageSelector}) over <b>release images
 * only</b>: a stable or pull-request build has no patch version, so it could never be "the newest" of a dated
 * series and must not shadow the releases. Stable and pull-request builds are reached by their channel ID with
 * {@link #exact}: {@code debian-12.0} is the stable build of {@code stable/debian/12}.
 */
public final class CatalogSnapshot {

    private static final Comparator<CatalogImage> ORDER = Comparator
            .comparing((CatalogImage i) -> i.id().os())
            .thenComparing(i -> i.id().version())
            .thenComparing(i -> i.channel() == null ? 0 : i.channel().ordinal())
            .thenComparing(i -> i.directory() == null ? "" : i.directory());

    private final List<CatalogImage> images;
    private final Map<String, List<CatalogImage>> releasesByOs = new HashMap<>();
    private final Map<String, List<CatalogImage>> byId = new HashMap<>();
    private final int skipped;

    private CatalogSnapshot(List<CatalogImage> images, int skipped) {
        this.images = images.stream().sorted(ORDER).toList();
        this.skipped = skipped;
        for (CatalogImage i : this.images) {
            byId.computeIfAbsent(i.id().raw(), k -> new ArrayList<>()).add(i);
            if (i.isRelease()) {
                releasesByOs.computeIfAbsent(i.id().os(), k -> new ArrayList<>()).add(i);
            }
        }
        releasesByOs.replaceAll((os, list) -> list.reversed()); // newest first (images are sorted ascending)
    }

    public static CatalogSnapshot of(List<CatalogImage> images, int skipped) {
        return new CatalogSnapshot(images, skipped);
    }

    public static CatalogSnapshot empty() {
        return new CatalogSnapshot(List.of(), 0);
    }

    /** All images, sorted by OS, version, channel, directory. */
    public List<CatalogImage> images() {
        return images;
    }

    public int size() {
        return images.size();
    }

    /** Image files seen whose key or version did not parse. */
    public int skipped() {
        return skipped;
    }

    /**
     * The newest release for the request (contract section 3). Each OS's releases are held newest first, so the
     * first match is the answer and the usual request (the newest of a series) looks at a few candidates only.
     */
    public Optional<CatalogImage> latest(ImageId requested) {
        ImageVersion wanted = requested.version();
        for (CatalogImage c : releasesByOs.getOrDefault(requested.os(), List.of())) {
            ImageVersion v = c.id().version();
            if (v.compareTo(wanted) < 0) {
                break; // newest first: a match is never lower than the request, so no later candidate matches
            }
            if (ImageSelector.versionMatches(wanted, v)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The image with exactly this ID. A release wins; else the stable build; else the only pull-request build
     * with that ID. With {@code channel} given (a {@code release}, {@code stable} or a pull-request directory
     * {@code <number>-<branch>}) only that one.
     */
    public Optional<CatalogImage> exact(String id, String channel) {
        List<CatalogImage> same = byId.getOrDefault(id, List.of());
        if (channel != null) {
            return same.stream().filter(i -> channel.equals(i.channelName())
                    || (i.key() != null && channel.equals(i.key().pullRequest()))).findFirst();
        }
        return same.stream().filter(CatalogImage::isRelease).findFirst()
                .or(() -> same.stream().filter(i -> i.channel() == Channel.STABLE).findFirst())
                .or(() -> same.size() == 1 ? Optional.of(same.getFirst()) : Optional.empty());
    }

    /** The newest release of an OS (for "newest debian is ..." messages). */
    public Optional<CatalogImage> newestOf(String os) {
        List<CatalogImage> releases = releasesByOs.getOrDefault(os, List.of());
        return releases.isEmpty() ? Optional.empty() : Optional.of(releases.getFirst());
    }

    /** The images matching every non-null criterion (see {@link CatalogFilter}). */
    public List<CatalogImage> filter(CatalogFilter f) {
        ImageVersion wanted = f.version() == null ? null : ImageVersion.parse(f.version());
        return images.stream()
                .filter(i -> f.os() == null || i.id().os().equals(f.os()))
                .filter(i -> wanted == null || ImageSelector.versionMatches(wanted, i.id().version()))
                .filter(i -> f.classification() == null || i.record().classification().equals(f.classification()))
                .filter(i -> f.feature() == null || i.record().features().contains(f.feature()))
                .toList();
    }

    /** The records alone. */
    public List<ImageRecord> records() {
        return images.stream().map(CatalogImage::record).toList();
    }
}
