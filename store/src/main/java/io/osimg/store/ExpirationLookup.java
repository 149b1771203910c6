package io.osimg.store;

import io.osimg.core.image.ImageManifest;
import io.osimg.core.image.ImageRecord;
import io.osimg.core.store.ImageFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** Finds when an image expires. Empty means "never" (stable builds without a manifest). */
@FunctionalInterface
public interface ExpirationLookup {

    Optional<Instant> expiration(StoredImage image) throws IOException;

    /** Manifests larger than this are not read. */
    int MAX_MANIFEST_BYTES = 1 << 20;

    /**
     * The contract's rule given the image's {@code manifest.json} text (may be null): its {@code expirationDate},
     * else its {@code created} plus 90 days, else the release date plus 90 days.
     *
     * @throws IllegalArgumentException when the manifest is not valid
     */
    static Optional<Instant> fromManifest(StoredImage image, String manifestJson) {
        if (manifestJson != null) {
            ImageManifest m = ImageManifest.fromJson(manifestJson);
            if (m.expirationDate() != null) {
                return Optional.of(m.expirationDate());
            }
            if (m.created() != null) {
                return Optional.of(m.created().plus(ImageRecord.DEFAULT_LIFETIME));
            }
        }
        return image.defaultExpiration();
    }

    /** Reads {@code manifest.json} of the image from {@code store} when the image has one. */
    static ExpirationLookup of(BlobStore store) {
        return image -> {
            String json = null;
            if (image.files().containsKey(ImageFiles.MANIFEST)) {
                String key = image.keyOf(ImageFiles.MANIFEST);
                try (InputStream in = store.open(key)) {
                    json = new String(in.readNBytes(MAX_MANIFEST_BYTES), StandardCharsets.UTF_8);
                } catch (BlobNotFoundException gone) {
                    json = null;
                }
            }
            try {
                return fromManifest(image, json);
            } catch (IllegalArgumentException e) {
                throw new StoreException("reading the expiration of " + image + " from " + store + ": "
                        + e.getMessage(), e);
            }
        };
    }
}
