package io.osimg.store.mirror;

import io.osimg.core.store.Channel;
import io.osimg.store.ExpirationLookup;
import io.osimg.store.StoredImage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies a {@link RetentionPolicy} to the images of an upstream listing. Steps, in order:
 * <ol>
 *   <li>pull-request builds are dropped; stable builds unless the policy includes them;</li>
 *   <li>include/exclude globs;</li>
 *   <li>per OS and major.minor, newest first: an image expired longer than the grace period is dropped, the first
 *       {@code keep} others are kept, the rest dropped as older (expirations are looked up only for images this
 *       walk reaches, newest first, so a second run reads no manifest of an image it does not need);</li>
 *   <li>while the kept images exceed the size cap, the oldest kept image is dropped, never the newest image of an
 *       OS (if those alone exceed the cap, they are kept and the plan reports {@link MirrorPlan#overCap()}).</li>
 * </ol>
 */
public final class MirrorPlanner {

    private MirrorPlanner() {
    }

    public static MirrorPlan plan(List<StoredImage> upstream, RetentionPolicy policy, Instant now,
                                  ExpirationLookup expirations) throws IOException {
        List<MirrorPlan.Skip> skipped = new ArrayList<>();
        List<StoredImage> kept = new ArrayList<>();
        Map<String, List<StoredImage>> lines = new TreeMap<>();
        for (StoredImage image : upstream) {
            if (image.channel() == Channel.PULL_REQUEST) {
                skipped.add(new MirrorPlan.Skip(image, MirrorPlan.Reason.PULL_REQUEST, "pull-request builds are not mirrored"));
                continue;
            }
            if (image.channel() == Channel.STABLE && !policy.includeStable()) {
                skipped.add(new MirrorPlan.Skip(image, MirrorPlan.Reason.STABLE, "stable build (mirrored with --include-stable)"));
                continue;
            }
            Optional<String> filtered = policy.filter(image);
            if (filtered.isPresent()) {
                skipped.add(new MirrorPlan.Skip(image, MirrorPlan.Reason.FILTERED, filtered.get()));
                continue;
            }
            if (image.channel() == Channel.STABLE) {
                kept.add(image);
            } else {
                lines.computeIfAbsent(image.line(), l -> new ArrayList<>()).add(image);
            }
        }
        for (List<StoredImage> line : lines.values()) {
            line.sort(StoredImage::newestFirst);
            int count = 0;
            for (StoredImage image : line) {
                if (count >= policy.keep()) {
                    skipped.add(new MirrorPlan.Skip(image, MirrorPlan.Reason.OLDER,
                            "older than the newest " + policy.keep() + " of " + image.line()));
                    continue;
                }
                Optional<Instant> expires = expirations.expiration(image);
                if (expires.isPresent() && expires.get().plus(policy.grace()).isBefore(now)) {
                    skipped.add(new MirrorPlan.Skip(image, MirrorPlan.Reason.EXPIRED,
                            "expired " + expires.get() + ", more than " + policy.grace() + " ago"));
                    continue;
                }
                kept.add(image);
                count++;
            }
        }
        if (policy.maxSize() > 0) {
            capSize(kept, policy.maxSize(), skipped);
        }
        kept.sort(Comparator.comparing(StoredImage::directory));
        skipped.sort(Comparator.comparing((MirrorPlan.Skip s) -> s.image().directory()));
        return new MirrorPlan(kept, skipped, policy.maxSize());
    }

    private static void capSize(List<StoredImage> kept, long maxSize, List<MirrorPlan.Skip> skipped) {
        long total = kept.stream().mapToLong(StoredImage::size).sum();
        if (total <= maxSize) {
            return;
        }
        Set<StoredImage> protectedImages = new HashSet<>(newestPerOs(kept).values());
        List<StoredImage> candidates = new ArrayList<>(kept);
        candidates.removeAll(protectedImages);
        candidates.sort(Comparator.comparing(MirrorPlanner::age).thenComparing(i -> i.id().version())
                .thenComparing(StoredImage::directory));
        for (StoredImage oldest : candidates) {
            if (total <= maxSize) {
                break;
            }
            kept.remove(oldest);
            total -= oldest.size();
            skipped.add(new MirrorPlan.Skip(oldest, MirrorPlan.Reason.SIZE_CAP,
                    "dropped (oldest first) to fit the size cap of " + maxSize + " bytes"));
        }
    }

    /** The newest kept image of each OS: the newest release, or the stable build when an OS has no release. */
    private static Map<String, StoredImage> newestPerOs(List<StoredImage> kept) {
        Map<String, StoredImage> newest = new LinkedHashMap<>();
        for (StoredImage image : kept) {
            newest.merge(image.id().os(), image, (a, b) -> newer(a, b) ? a : b);
        }
        return newest;
    }

    private static boolean newer(StoredImage a, StoredImage b) {
        boolean ar = a.channel() == Channel.RELEASE;
        boolean br = b.channel() == Channel.RELEASE;
        if (ar != br) {
            return ar;
        }
        return StoredImage.newestFirst(a, b) <= 0;
    }

    /** When an image was made: its release date, for a stable build its last modification. */
    private static Instant age(StoredImage image) {
        return image.releaseDate().orElse(image.lastModified());
    }
}
