package io.osimg.image.source.oci;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.image.ImageOrigin;
import io.osimg.core.json.Mappers;
import io.osimg.image.source.Compression;
import io.osimg.image.source.layer.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code docker-archive:FILE}: what {@code docker save} writes: {@code manifest.json} (one image: its
 * configuration file and layer files) beside the files it names. Every layer is checked against the
 * configuration's {@code rootfs.diff_ids}, which are the digests of the uncompressed layers: a plain layer as its
 * blob's digest, a compressed one (gzip, zstd) over what it decompresses to.
 */
public record DockerArchive(Path file, String reference) implements ContainerImage {

    private static final String KIND = "a docker archive (docker save)";

    @Override
    public LayeredImage open(Path work, String arch, Consumer<String> log) throws IOException {
        Path root = work.resolve("docker-archive");
        Set<String> names = ArchiveFiles.extract(file, root, reference, KIND);
        if (!names.contains("manifest.json")) {
            throw new OciFormatException(reference + ": not " + KIND + ": it holds no manifest.json");
        }
        JsonNode manifest;
        try {
            manifest = Mappers.json().readTree(Files.readAllBytes(root.resolve("manifest.json")));
        } catch (IOException e) {
            throw new OciFormatException(reference + ": not " + KIND + ": manifest.json is not JSON: " + e.getMessage(), e);
        }
        if (manifest == null || !manifest.isArray() || manifest.isEmpty()) {
            throw new OciFormatException(reference + ": not " + KIND + ": manifest.json is not a list of images");
        }
        if (manifest.size() > 1) {
            throw new OciFormatException(reference + ": the archive holds " + manifest.size()
                    + " images; osimg builds from an archive of one (docker save IMAGE)");
        }
        JsonNode image = manifest.get(0);
        String configName = image.path("Config").asText("");
        if (!names.contains(configName)) {
            throw new OciFormatException(reference + ": not " + KIND + ": manifest.json names the configuration '"
                    + configName + "', which the archive lacks");
        }
        byte[] configBytes = Files.readAllBytes(root.resolve(configName));
        JsonNode config = ImageResolver.parse(configBytes, reference + ": configuration " + configName);
        String architecture = config.path("architecture").asText("");
        if (!architecture.isEmpty() && !architecture.equals(arch)) {
            throw new OciFormatException(reference + ": the image is for linux/" + architecture + ", not for linux/"
                    + arch + " (--arch)");
        }
        JsonNode files = image.path("Layers");
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        if (!files.isArray() || files.isEmpty()) {
            throw new OciFormatException(reference + ": not " + KIND + ": manifest.json lists no layers");
        }
        List<Layer> layers = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        int n = files.size();
        for (int i = 0; i < n; i++) {
            String name = files.get(i).asText("");
            if (!names.contains(name)) {
                throw new OciFormatException(reference + ": not " + KIND + ": manifest.json names the layer '" + name
                        + "', which the archive lacks");
            }
            Path blob = root.resolve(name);
            String diffId = diffIds.path(i).asText(null);
            String what = "layer " + (i + 1) + " of " + n + " (" + name + ") of " + reference;
            // diff_ids are digests of the uncompressed tar: of the blob itself when it is stored plain, else of
            // what its decompression gives
            boolean plain = plain(blob);
            layers.add(new Layer(blob, plain ? diffId : null, what, plain ? null : diffId));
            digests.add(diffId == null ? "" : diffId);
        }
        List<String> env = new ArrayList<>();
        config.path("config").path("Env").forEach(v -> env.add(v.asText()));
        ImageOrigin origin = new ImageOrigin(reference, "", "sha256:" + ImageResolver.sha256(configBytes), architecture,
                digests, env, Descriptor.strings(config.path("config").path("Labels")), null);
        return new LayeredImage(layers, origin);
    }

    private static boolean plain(Path blob) throws IOException {
        try (InputStream in = Files.newInputStream(blob)) {
            byte[] head = in.readNBytes(6);
            return Compression.detect(head, head.length) == Compression.NONE;
        }
    }
}
