package io.osimg.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.osimg.core.image.ImageId;
import io.osimg.core.image.ImageRecord;
import io.osimg.core.json.Mappers;
import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON form of catalog images in the server's API: metal-api's image fields ({@code id}, {@code name},
 * {@code description}, {@code url}, {@code features}, {@code classification}, {@code expirationDate},
 * {@code created}) plus {@code os}, {@code version}, {@code size}, {@code digests}, {@code signed} and
 * {@code keyIds} (whether the sha512 file has a signature, and the keys it names), {@code channel}
 * ({@code release}, {@code stable}, {@code pull_request}), {@code key} (the image directory in the store) and
 * {@code sbom} (the URL of the image's CycloneDX SBOM, {@code sbom.cdx.json}; absent when it has none).
 */
public final class CatalogJson {

    private CatalogJson() {
    }

    /**
     * The image as a JSON object.
     *
     * @param baseUrl the server's public URL without trailing slash; a relative record URL is made absolute
     *                against it (null: left as is)
     */
    public static Map<String, Object> toMap(CatalogImage image, String baseUrl) {
        ImageRecord r = image.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id().raw());
        m.put("name", r.name());
        m.put("description", r.description());
        m.put("os", r.id().os());
        m.put("version", r.id().version().original());
        m.put("url", absolute(r.url(), baseUrl));
        m.put("features", r.features().stream().sorted().toList());
        m.put("classification", r.classification());
        m.put("expirationDate", r.expirationDate() == null ? null : r.expirationDate().toString());
        m.put("created", r.created() == null ? null : r.created().toString());
        m.put("size", r.size());
        m.put("digests", r.digests());
        m.put("signed", r.signed());
        m.put("keyIds", r.keyIds());
        m.put("channel", image.channelName());
        m.put("key", image.directory());
        if (image.sbom() != null) {
            m.put("sbom", absolute(image.sbom(), baseUrl));
        }
        return m;
    }

    private static String absolute(String url, String baseUrl) {
        if (baseUrl == null || url.isEmpty() || url.contains("://")) {
            return url;
        }
        return baseUrl + "/" + url;
    }

    /** One image as compact JSON. */
    public static String write(CatalogImage image, String baseUrl) {
        return compact(toMap(image, baseUrl));
    }

    /** Images as a compact JSON array. */
    public static String write(List<CatalogImage> images, String baseUrl) {
        List<Map<String, Object>> list = new ArrayList<>(images.size());
        for (CatalogImage i : images) {
            list.add(toMap(i, baseUrl));
        }
        return compact(list);
    }

    private static String compact(Object value) {
        try {
            return Mappers.json().writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing catalog JSON", e);
        }
    }

    /**
     * Reads a JSON export: an array of image objects as the API and {@code osimg list -o json} write them, or
     * metal-api's image list ({@code channel} and {@code key} absent: release images). Bad entries are skipped by
     * {@link Skipped}'s rule.
     *
     * @param source where the text came from, for messages
     * @throws IllegalArgumentException when the text is not a JSON array
     */
    public static CatalogSnapshot readAll(String json, String source) {
        JsonNode root;
        try {
            root = Mappers.json().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("image catalog: not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("image catalog: not a JSON array of images");
        }
        List<CatalogImage> images = new ArrayList<>();
        int skipped = 0;
        for (JsonNode n : root) {
            Optional<CatalogImage> image = readEntry(n, source);
            if (image.isPresent()) {
                images.add(image.get());
            } else {
                skipped++;
            }
        }
        return CatalogSnapshot.of(images, skipped);
    }

    /** One image object, or empty (with {@link Skipped}'s warning) when it is not one. */
    public static Optional<CatalogImage> readEntry(JsonNode node, String source) {
        String id = node.path("id").asText("");
        try {
            if (!node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            ImageId.parse(id);
            return Optional.of(read(node));
        } catch (IllegalArgumentException e) {
            Skipped.entry(source, "entry " + (id.isEmpty() ? "without id" : id), e.getMessage());
            return Optional.empty();
        }
    }

    /** Reads one image object of the API (or of metal-api's list: {@code channel}, {@code key} optional). */
    public static CatalogImage read(JsonNode node) {
        try {
            ImageRecord r = Mappers.json().treeToValue(node, ImageRecord.class);
            String key = node.path("key").asText("");
            return new CatalogImage(r, key.isEmpty() ? null
                    : StoreLayout.parseKey(key + "/" + ImageFiles.IMAGE).orElse(null), node.path("sbom").asText(""));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("image record " + node.path("id").asText("?") + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
