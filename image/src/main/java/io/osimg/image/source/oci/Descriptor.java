package io.osimg.image.source.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An OCI content descriptor: what a manifest or an index says about a blob.
 *
 * @param mediaType    the blob's media type
 * @param digest       {@code sha256:<hex>}
 * @param size         its size in bytes
 * @param annotations  its annotations ({@code org.opencontainers.image.ref.name}: a layout's tag)
 * @param os           the platform's OS in an index, else ""
 * @param architecture the platform's architecture in an index, else ""
 */
public record Descriptor(String mediaType, String digest, long size, Map<String, String> annotations, String os,
        String architecture) {

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    /** The descriptor in {@code node}; {@code where} names it in messages ("layer 2 of manifest ..."). */
    static Descriptor of(JsonNode node, String where) throws OciFormatException {
        if (node == null || !node.isObject()) {
            throw new OciFormatException(where + ": not a descriptor (a JSON object)");
        }
        String digest = node.path("digest").asText("");
        if (!SHA256.matcher(digest).matches()) {
            throw new OciFormatException(where + ": digest '" + digest + "' is not sha256:<64 hex digits>");
        }
        long size = node.path("size").asLong(-1);
        if (size < 0) {
            throw new OciFormatException(where + ": no size");
        }
        JsonNode platform = node.path("platform");
        return new Descriptor(node.path("mediaType").asText(""), digest, size, strings(node.path("annotations")),
                platform.path("os").asText(""), platform.path("architecture").asText(""));
    }

    /** The string members of a JSON object, in order; empty for anything else. */
    static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /** The hex part of the digest. */
    public String hex() {
        return digest.substring("sha256:".length());
    }

    /** The digest shortened for messages. */
    public String shortDigest() {
        return digest.substring(0, Math.min(digest.length(), "sha256:".length() + 12));
    }
}
