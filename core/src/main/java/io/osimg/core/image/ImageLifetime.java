package io.osimg.core.image;

import java.time.Duration;
import java.time.Instant;

/**
 * When an image was created and when it expires: the one rule that the catalog (the server's API, {@code osimg
 * list}), {@code osimg mirror} and {@code osimg prune} apply (contract section 3: an expiration date, by default
 * 90 days after creation).
 *
 * <ul>
 *   <li><b>created</b>: the manifest's {@code created}; else, for a release, its release date (the patch
 *       {@code YYYYMMDD}, the start of that day in UTC); else (a stable or pull-request build without manifest)
 *       the modification time of its {@code img.tar.lz4}.</li>
 *   <li><b>expires</b>: the manifest's {@code expirationDate}; else created plus {@link #DEFAULT}.</li>
 * </ul>
 * A release copied or mirrored without its manifest thus keeps the dates it was released with: the file time
 * says when the copy was made, not when the image was.
 *
 * @param created when the image was made, null when nothing tells
 * @param expires when it expires, null when nothing tells
 */
public record ImageLifetime(Instant created, Instant expires) {

    /** How long an image lives when no expiration date is given. */
    public static final Duration DEFAULT = Duration.ofDays(90);

    /**
     * The rule.
     *
     * @param manifest    the image's {@code manifest.json}, null when it has none (or none that parses)
     * @param releaseDate the release date, null for stable and pull-request builds
     * @param fileTime    the modification time of {@code img.tar.lz4}, null when unknown
     */
    public static ImageLifetime of(ImageManifest manifest, Instant releaseDate, Instant fileTime) {
        Instant created = manifest != null && manifest.created() != null ? manifest.created()
                : releaseDate != null ? releaseDate : fileTime;
        Instant expires = manifest != null && manifest.expirationDate() != null ? manifest.expirationDate()
                : created == null ? null : created.plus(DEFAULT);
        return new ImageLifetime(created, expires);
    }
}
