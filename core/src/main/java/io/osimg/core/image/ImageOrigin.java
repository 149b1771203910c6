package io.osimg.core.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.osimg.core.json.Normalize;
import java.util.List;
import java.util.Map;

/**
 * Where an image built from a container image came from, in {@code manifest.json}: the source as given, the
 * digests of its manifest and configuration, and the configuration an author set (environment, labels, the
 * manifest's {@code org.opencontainers.image.*} annotations), so an image says exactly which container image it is.
 *
 * @param reference    the source as given, e.g. {@code docker://registry.example:5000/metal/debian:12}
 * @param digest       {@code sha256:...} of the image manifest (the one for the architecture when the source is an
 *                     index), the digest {@code skopeo inspect} shows; empty for a {@code docker save} archive
 * @param config       {@code sha256:...} of the image configuration (the image ID docker shows)
 * @param architecture the configuration's architecture, e.g. {@code amd64}
 * @param layers       the layers' digests, lowest first
 * @param env          the configuration's {@code Env}
 * @param labels       the configuration's {@code Labels}
 * @param annotations  the manifest's annotations
 */
@JsonPropertyOrder({"reference", "digest", "config", "architecture", "layers", "env", "labels", "annotations"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageOrigin(
        @JsonProperty("reference") String reference,
        @JsonProperty("digest") String digest,
        @JsonProperty("config") String config,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("layers") List<String> layers,
        @JsonProperty("env") List<String> env,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("annotations") Map<String, String> annotations) {

    public ImageOrigin {
        if (Normalize.blank(reference)) {
            throw new IllegalArgumentException("an image origin needs its reference");
        }
        digest = Normalize.string(digest);
        config = Normalize.string(config);
        architecture = Normalize.string(architecture);
        layers = Normalize.list(layers);
        env = Normalize.list(env);
        labels = Normalize.map(labels);
        annotations = Normalize.map(annotations);
    }
}
