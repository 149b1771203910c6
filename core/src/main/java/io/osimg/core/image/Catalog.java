package io.osimg.core.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.json.Mappers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A list of image records and the queries an operator asks of it. Its JSON form is a JSON array of
 * {@link ImageRecord}s, compatible with metal-api's image list.
 *
 * @param images  the records, in the order given
 * @param skipped the raw IDs of entries that were skipped on reading because their ID did not parse
 */
public record Catalog(List<ImageRecord> images, List<String> skipped) {

    public Catalog {
        images = List.copyOf(images);
        skipped = List.copyOf(skipped);
    }

    /** A catalog of the given records. */
    public static Catalog of(List<ImageRecord> images) {
        return new Catalog(images, List.of());
    }

    /**
     * Reads a JSON array of image records. Entries whose {@code id} is missing or does not parse are skipped
     * (and listed in {@link #skipped()}), as selection skips unparsable versions.
     *
     * @throws IllegalArgumentException when the text is not a JSON array of objects
     */
    public static Catalog fromJson(String json) {
        JsonNode root;
        try {
            root = Mappers.json().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("image catalog: not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("image catalog: not a JSON array of images");
        }
        List<ImageRecord> images = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String id = node.path("id").asText("");
            if (ImageVersion.tryParse(id.substring(id.lastIndexOf('-') + 1)).isEmpty() || id.lastIndexOf('-') <= 0) {
                skipped.add(id);
                continue;
            }
            try {
                images.add(Mappers.json().treeToValue(node, ImageRecord.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException("image catalog: entry " + i + " (" + id + "): " + e.getMessage(), e);
            }
        }
        return new Catalog(images, skipped);
    }

    /** The records as a JSON array. */
    public String toJson() {
        return Mappers.toJson(images);
    }

    /** The newest image for {@code requested} ({@link ImageSelector} rules). */
    public Optional<ImageRecord> resolve(ImageId requested) {
        return ImageSelector.latest(requested, images, r -> r.id().raw());
    }

    /** The newest image for the ID text {@code requested}. */
    public Optional<ImageRecord> resolve(String requested) {
        return resolve(ImageId.parse(requested));
    }

    /**
     * The records matching every given criterion, sorted by OS then version; a null criterion matches all.
     *
     * @param version a version request with {@link ImageSelector#versionMatches} rules ({@code "24.04"} matches
     *                every 24.4.x)
     */
    public List<ImageRecord> filter(String os, String version, String classification, String feature) {
        ImageVersion wanted = version == null ? null : ImageVersion.parse(version);
        return images.stream()
                .filter(r -> os == null || r.id().os().equals(os))
                .filter(r -> wanted == null || ImageSelector.versionMatches(wanted, r.id().version()))
                .filter(r -> classification == null || r.classification().equals(classification))
                .filter(r -> feature == null || r.features().contains(feature))
                .sorted(Comparator.comparing((ImageRecord r) -> r.id().os()).thenComparing(r -> r.id().version()))
                .toList();
    }
}
