package io.osimg.store.prune;

import io.osimg.store.StoredImage;

import java.time.Instant;
import java.util.List;

/**
 * What prune decided for each image of a store.
 *
 * @param decisions one per image, sorted by directory
 */
public record PrunePlan(List<Decision> decisions) {

    /** Why an image stays or goes. */
    public enum Reason {
        /** Expired and not in use: deleted. */
        EXPIRED,
        /** Not expired yet. */
        NOT_EXPIRED,
        /** Listed in the in-use file. */
        IN_USE,
        /** The newest image of its OS, or among the newest N. */
        NEWEST,
        /** Stable and pull-request builds are mutable and have no release date; prune leaves them alone. */
        NOT_A_RELEASE
    }

    /**
     * @param image      the image
     * @param delete     true when prune deletes it
     * @param reason     why
     * @param expiration when it expires (null: never known)
     */
    public record Decision(StoredImage image, boolean delete, Reason reason, Instant expiration) {
    }

    public PrunePlan {
        decisions = List.copyOf(decisions);
    }

    public List<StoredImage> deletions() {
        return decisions.stream().filter(Decision::delete).map(Decision::image).toList();
    }

    public List<StoredImage> kept() {
        return decisions.stream().filter(d -> !d.delete()).map(Decision::image).toList();
    }
}
