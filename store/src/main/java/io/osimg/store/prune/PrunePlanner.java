package io.osimg.store.prune;

import io.osimg.core.store.Channel;
import io.osimg.store.ExpirationLookup;
import io.osimg.store.StoredImage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The clean-up rule of contract section 3: an image is deleted when it is expired and no machine uses it; the newest
 * image of each OS is always kept ({@code keep} widens that to the newest N release images per OS). Only release
 * images are considered; stable and pull-request builds are left alone.
 */
public final class PrunePlanner {

    private PrunePlanner() {
    }

    /**
     * @param keep at least 1: the newest {@code keep} release images of each OS (the ID's OS, e.g.
     *             {@code firewall-ubuntu}) are kept regardless of expiration
     */
    public static PrunePlan plan(List<StoredImage> images, int keep, InUseList inUse, Instant now,
                                 ExpirationLookup expirations) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1 (the newest image of each OS is always kept), got " + keep);
        }
        Map<String, List<StoredImage>> byOs = new TreeMap<>();
        for (StoredImage image : images) {
            if (image.channel() == Channel.RELEASE) {
                byOs.computeIfAbsent(image.id().os(), os -> new ArrayList<>()).add(image);
            }
        }
        Set<StoredImage> newest = new HashSet<>();
        for (List<StoredImage> list : byOs.values()) {
            list.sort(StoredImage::newestFirst);
            newest.addAll(list.subList(0, Math.min(keep, list.size())));
        }
        List<PrunePlan.Decision> decisions = new ArrayList<>();
        for (StoredImage image : images) {
            if (image.channel() != Channel.RELEASE) {
                decisions.add(new PrunePlan.Decision(image, false, PrunePlan.Reason.NOT_A_RELEASE, null));
                continue;
            }
            Optional<Instant> expires = expirations.expiration(image);
            Instant exp = expires.orElse(null);
            PrunePlan.Reason reason;
            if (exp == null || exp.isAfter(now)) {
                reason = PrunePlan.Reason.NOT_EXPIRED;
            } else if (inUse.contains(image.id())) {
                reason = PrunePlan.Reason.IN_USE;
            } else if (newest.contains(image)) {
                reason = PrunePlan.Reason.NEWEST;
            } else {
                reason = PrunePlan.Reason.EXPIRED;
            }
            decisions.add(new PrunePlan.Decision(image, reason == PrunePlan.Reason.EXPIRED, reason, exp));
        }
        decisions.sort(Comparator.comparing(d -> d.image().directory()));
        return new PrunePlan(decisions);
    }
}
