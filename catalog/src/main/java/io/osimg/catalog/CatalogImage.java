package io.osimg.catalog;

import io.osimg.core.image.ImageId;
import io.osimg.core.image.ImageRecord;
import io.osimg.core.store.Channel;
import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreKey;

import java.util.Objects;

/**
 * One image of a catalog: its record (metal-api's fields plus digests and size) and, for images found in a store,
 * where it lives.
 *
 * @param record the image record; its {@code url} is relative (the key of {@code img.tar.lz4}) for store images
 *               until a server makes it absolute
 * @param key    the key of the image's {@code img.tar.lz4} in the store; null for records read from a JSON catalog
 * @param sbom   where the image's {@code sbom.cdx.json} is: its key for store images (relative, like the record's
 *               url), the URL a JSON catalog gives; null when the image has none
 */
public record CatalogImage(ImageRecord record, StoreKey key, String sbom) {

    public CatalogImage {
        Objects.requireNonNull(record, "record");
        sbom = sbom == null || sbom.isEmpty() ? null : sbom;
    }

    /** An image without an SBOM. */
    public CatalogImage(ImageRecord record, StoreKey key) {
        this(record, key, null);
    }

    public ImageId id() {
        return record.id();
    }

    /** The channel, or null when the image is not from a store. */
    public Channel channel() {
        return key == null ? null : key.channel();
    }

    /** True for release images and for records of a JSON catalog (which only lists what is registered). */
    public boolean isRelease() {
        return key == null || key.channel() == Channel.RELEASE;
    }

    /** The image directory key ({@code 20261120/debian/12}), or null. */
    public String directory() {
        return key == null ? null : key.imageDir();
    }

    /** The key of {@code img.tar.lz4}, or null. */
    public String imageKey() {
        return key == null ? null : key.withFile(ImageFiles.IMAGE).key();
    }

    /** The channel as written in JSON: {@code release}, {@code stable}, {@code pull_request}; null when unknown. */
    public String channelName() {
        return key == null ? null : switch (key.channel()) {
            case RELEASE -> "release";
            case STABLE -> "stable";
            case PULL_REQUEST -> "pull_request";
        };
    }
}
