package io.osimg.image.source.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.image.ImageOrigin;
import io.osimg.core.json.Mappers;
import io.osimg.image.source.layer.Layer;
import io.osimg.image.source.layer.LayerSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * From the top document of an image (an index or a manifest) to its layers and configuration: the one place that
 * reads OCI and Docker v2 manifests, for layouts, archives and registries alike.
 */
public final class ImageResolver {

    /** Manifests, indexes and configurations larger than this are refused (real ones are a few KiB). */
    public static final int MAX_DOCUMENT = 4 << 20;

    private ImageResolver() { }

    /**
     * @param reference the source as given, for messages and the origin
     * @param top       the top document's bytes (already checked against {@code topDigest} when one is known)
     * @param topDigest its digest {@code sha256:...}
     * @param arch      the architecture to pick from an index, e.g. {@code amd64}
     */
    public static LayeredImage resolve(String reference, byte[] top, String topDigest, String arch, Blobs blobs)
            throws IOException {
        return resolve(reference, top, topDigest, arch, blobs, LayerSink.NONE);
    }

    /** As {@link #resolve(String, byte[], String, String, Blobs)}, handing each layer to {@code arrived} once its blob is there. */
    public static LayeredImage resolve(String reference, byte[] top, String topDigest, String arch, Blobs blobs,
            LayerSink arrived) throws IOException {
        JsonNode doc = parse(top, reference + ": manifest " + topDigest);
        String manifestDigest = topDigest;
        if (MediaTypes.isIndex(doc.path("mediaType").asText("")) || doc.has("manifests")) {
            Descriptor chosen = platform(reference, doc, arch);
            byte[] bytes = blobs.read(chosen, reference + ": manifest for linux/" + arch);
            doc = parse(bytes, reference + ": manifest " + chosen.digest());
            manifestDigest = chosen.digest();
        }
        String where = reference + ": manifest " + manifestDigest;
        if (!doc.path("layers").isArray()) {
            throw new OciFormatException(where + ": not an image manifest (no layers)"
                    + (doc.has("fsLayers") ? "; Docker schema 1 manifests are not supported" : ""));
        }
        Descriptor configDescriptor = Descriptor.of(doc.get("config"), where + ": config");
        JsonNode config = parse(blobs.read(configDescriptor, reference + ": configuration"),
                reference + ": configuration " + configDescriptor.digest());
        String architecture = config.path("architecture").asText("");
        if (!architecture.isEmpty() && !architecture.equals(arch)) {
            throw new OciFormatException(reference + ": the image is for " + config.path("os").asText("?") + "/"
                    + architecture + ", not for linux/" + arch + " (--arch)");
        }
        JsonNode layerNodes = doc.get("layers");
        if (layerNodes.isEmpty()) {
            throw new OciFormatException(where + ": the image has no layers");
        }
        List<Layer> layers = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        int n = layerNodes.size();
        for (int i = 0; i < n; i++) {
            Descriptor d = Descriptor.of(layerNodes.get(i), where + ": layer " + (i + 1));
            String name = "layer " + (i + 1) + " of " + n + " (" + d.shortDigest() + ") of " + reference;
            if (!MediaTypes.isLayer(d.mediaType())) {
                throw new OciFormatException(name + ": media type '" + d.mediaType() + "' is not a layer osimg can "
                        + "apply (a tar, plain, gzip or zstd)");
            }
            Layer layer = new Layer(blobs.layer(d, name), d.digest(), name);
            arrived.arrived(layer);
            layers.add(layer);
            digests.add(d.digest());
        }
        JsonNode settings = config.path("config");
        List<String> env = new ArrayList<>();
        settings.path("Env").forEach(v -> env.add(v.asText()));
        ImageOrigin origin = new ImageOrigin(reference, manifestDigest, configDescriptor.digest(), architecture,
                digests, env, Descriptor.strings(settings.path("Labels")), Descriptor.strings(doc.path("annotations")));
        return new LayeredImage(layers, origin);
    }

    /** The manifest of an index for linux/{@code arch}. */
    private static Descriptor platform(String reference, JsonNode index, String arch) throws OciFormatException {
        List<String> offered = new ArrayList<>();
        JsonNode manifests = index.path("manifests");
        for (int i = 0; i < manifests.size(); i++) {
            Descriptor d = Descriptor.of(manifests.get(i), reference + ": index entry " + (i + 1));
            if (d.architecture().equals(arch) && (d.os().isEmpty() || d.os().equals("linux"))) {
                return d;
            }
            offered.add(d.os() + "/" + d.architecture());
        }
        throw new OciFormatException(reference + ": the index holds no image for linux/" + arch + " (--arch); it has "
                + (offered.isEmpty() ? "none" : String.join(", ", offered)));
    }

    static JsonNode parse(byte[] json, String what) throws OciFormatException {
        try {
            JsonNode node = Mappers.json().readTree(json);
            if (node == null || !node.isObject()) {
                throw new OciFormatException(what + ": not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new OciFormatException(what + ": not JSON: " + e.getMessage(), e);
        }
    }

    /** Checks {@code bytes} against {@code d}'s size and digest. */
    public static byte[] check(Descriptor d, byte[] bytes, String what) throws IOException {
        String actual = sha256(bytes);
        if (!actual.equals(d.hex())) {
            throw new DigestMismatchException(DigestAlgorithm.SHA256, what + " (" + d.digest() + ")", d.hex(), actual);
        }
        if (bytes.length != d.size()) {
            throw new OciFormatException(what + " (" + d.digest() + "): " + bytes.length + " bytes, the descriptor says "
                    + d.size());
        }
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(DigestAlgorithm.SHA256.newDigest().digest(bytes));
    }
}
