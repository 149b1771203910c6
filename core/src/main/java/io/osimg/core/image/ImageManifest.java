package io.osimg.core.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.json.Mappers;
import io.osimg.core.json.Normalize;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code manifest.json}, written by {@code osimg build} next to the image: what was built, from what, and the
 * digests of the compressed ({@code md5}, {@code sha256}, {@code sha512}) and uncompressed ({@code sha256}) tar.
 * Digest maps are keyed by {@link DigestAlgorithm#id()}. An image built from a container image also records its
 * {@link ImageOrigin} ({@code origin}); other manifests have none.
 */
@JsonPropertyOrder({"id", "os", "version", "compressedSize", "uncompressedSize", "compressedDigests",
        "uncompressedDigests", "source", "origin", "created", "osimgVersion", "features", "classification", "expirationDate"})
public record ImageManifest(
        @JsonProperty("id") String id,
        @JsonProperty("os") String os,
        @JsonProperty("version") String version,
        @JsonProperty("compressedSize") long compressedSize,
        @JsonProperty("uncompressedSize") long uncompressedSize,
        @JsonProperty("compressedDigests") Map<String, String> compressedDigests,
        @JsonProperty("uncompressedDigests") Map<String, String> uncompressedDigests,
        @JsonProperty("source") String source,
        @JsonProperty("origin") @JsonInclude(JsonInclude.Include.NON_NULL) ImageOrigin origin,
        @JsonProperty("created") Instant created,
        @JsonProperty("osimgVersion") String osimgVersion,
        @JsonProperty("features") Set<String> features,
        @JsonProperty("classification") String classification,
        @JsonProperty("expirationDate") Instant expirationDate) {

    /** A manifest of an image built from a directory or a tar, without an {@link ImageOrigin}. */
    public ImageManifest(String id, String os, String version, long compressedSize, long uncompressedSize,
            Map<String, String> compressedDigests, Map<String, String> uncompressedDigests, String source,
            Instant created, String osimgVersion, Set<String> features, String classification,
            Instant expirationDate) {
        this(id, os, version, compressedSize, uncompressedSize, compressedDigests, uncompressedDigests, source, null,
                created, osimgVersion, features, classification, expirationDate);
    }

    @JsonCreator
    public ImageManifest {
        if (Normalize.blank(id)) {
            throw new IllegalArgumentException("manifest.json: id is missing");
        }
        ImageId parsed = ImageId.parse(id);
        os = os == null ? parsed.os() : os;
        version = version == null ? parsed.version().original() : version;
        if (compressedSize < 0 || uncompressedSize < 0) {
            throw new IllegalArgumentException("manifest.json of " + id + ": negative size");
        }
        compressedDigests = Normalize.map(compressedDigests);
        uncompressedDigests = Normalize.map(uncompressedDigests);
        source = Normalize.string(source);
        osimgVersion = Normalize.string(osimgVersion);
        features = Normalize.set(features);
        classification = Normalize.string(classification);
    }

    /** The compressed image's digests the manifest states, of those among {@code algorithms}. */
    public Map<DigestAlgorithm, String> compressedDigestsOf(Collection<DigestAlgorithm> algorithms) {
        Map<DigestAlgorithm, String> found = new EnumMap<>(DigestAlgorithm.class);
        for (DigestAlgorithm a : algorithms) {
            String hex = compressedDigests == null ? null : compressedDigests.get(a.id());
            if (hex != null) {
                found.put(a, hex);
            }
        }
        return found;
    }

    /** The manifest as pretty-printed JSON with a trailing newline. */
    public String toJson() {
        return Mappers.toJson(this);
    }

    /**
     * Reads manifest.json.
     *
     * @throws IllegalArgumentException when it is not JSON of a manifest or the id is missing or invalid
     */
    public static ImageManifest fromJson(String json) {
        try {
            ImageManifest m = json == null || json.isBlank() ? null : Mappers.json().readValue(json, ImageManifest.class);
            if (m == null) {
                throw new IllegalArgumentException("manifest.json: empty");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("manifest.json: cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
