package io.osimg.store;

import io.osimg.core.image.ImageManifest;
import io.osimg.core.image.ImageLifetime;
import io.osimg.core.store.ImageFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** Finds when an image expires ({@link ImageLifetime}'s rule). Empty when nothing tells. */
@FunctionalInterface
public interface ExpirationLookup {

    Optional<Instant> expiration(StoredImage image) throws IOException;

    /** Manifests larger than this are not read. */
    int MAX_MANIFEST_BYTES = 1 << 20;

    /**
     * {@link ImageLifetime}'s rule given the image's {@code manifest.json} text (null: none).
     *
     * @throws IllegalArgumentException when the manifest is not valid
     */
    static Optional<Instant> fromManifest(StoredImage image, String manifestJson) {
        ImageManifest m = manifestJson == null ? null : ImageManifest.fromJson(manifestJson);
        return Optional.ofNullable(image.lifetime(m).expires());
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
