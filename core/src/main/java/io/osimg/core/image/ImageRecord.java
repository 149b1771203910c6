package io.osimg.core.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One image as a catalog lists it (contract section 3). The JSON keys are those of metal-api's image list
 * ({@code id}, {@code name}, {@code description}, {@code url}, {@code features}, {@code classification},
 * {@code expirationDate}, {@code created}); {@code digests} (algorithm id to hex) and {@code size} (bytes of
 * {@code img.tar.lz4}, 0 when unknown) are osimg's additions that metal-api ignores, and so are {@code signed}
 * (the store has a signature of the image's sha512 file: {@code img.tar.lz4.sha512.asc} or {@code .sig}) and
 * {@code keyIds} (the OpenPGP key IDs its signatures name, {@code ecdsa-p256} for a blob signature; not checked
 * against any key: that is {@code install --trust}).
 */
@JsonPropertyOrder({"id", "name", "description", "url", "features", "classification", "expirationDate", "created",
        "digests", "size", "signed", "keyIds"})
public record ImageRecord(
        @JsonProperty("id") ImageId id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("url") String url,
        @JsonProperty("features") Set<String> features,
        @JsonProperty("classification") String classification,
        @JsonProperty("expirationDate") Instant expirationDate,
        @JsonProperty("created") Instant created,
        @JsonProperty("digests") Map<String, String> digests,
        @JsonProperty("size") long size,
        @JsonProperty("signed") boolean signed,
        @JsonProperty("keyIds") List<String> keyIds) {

    /** A record without signatures. */
    public ImageRecord(ImageId id, String name, String description, String url, Set<String> features,
                       String classification, Instant expirationDate, Instant created, Map<String, String> digests,
                       long size) {
        this(id, name, description, url, features, classification, expirationDate, created, digests, size, false, List.of());
    }

    /** Feature of images for ordinary machines. */
    public static final String FEATURE_MACHINE = "machine";
    /** Feature of firewall images. */
    public static final String FEATURE_FIREWALL = "firewall";
    /** Classification of images under test. */
    public static final String PREVIEW = "preview";
    /** Classification of supported images. */
    public static final String SUPPORTED = "supported";
    /** Classification of images to move away from. */
    public static final String DEPRECATED = "deprecated";

    public ImageRecord {
        Objects.requireNonNull(id, "image record: id");
        name = Normalize.string(name);
        description = Normalize.string(description);
        url = Normalize.string(url);
        features = Normalize.set(features);
        classification = Normalize.string(classification);
        digests = Normalize.map(digests);
        keyIds = keyIds == null ? List.of() : List.copyOf(keyIds);
        if (size < 0) {
            throw new IllegalArgumentException("image record " + id + ": negative size " + size);
        }
        if (expirationDate == null && created != null) {
            expirationDate = created.plus(ImageLifetime.DEFAULT);
        }
    }

    /** True when the image has an expiration date at or before {@code now}. */
    public boolean isExpired(Instant now) {
        return expirationDate != null && !expirationDate.isAfter(now);
    }
}
