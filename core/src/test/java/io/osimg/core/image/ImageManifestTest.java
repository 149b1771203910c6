package io.osimg.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.json.Mappers;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageManifestTest {

    @Test
    void roundTrip() throws Exception {
        Map<String, String> compressed = new LinkedHashMap<>();
        compressed.put("md5", "0".repeat(32));
        compressed.put("sha256", "1".repeat(64));
        compressed.put("sha512", "2".repeat(128));
        ImageManifest m = new ImageManifest("debian-12.0.20261126", null, null, 1000, 5000, compressed,
                Map.of("sha256", "3".repeat(64)), "dir:/tmp/rootfs", Instant.parse("2026-11-26T12:00:00Z"),
                "0.1.0", Set.of("machine"), "preview", Instant.parse("2027-02-24T12:00:00Z"));
        assertThat(m.os()).isEqualTo("debian");
        assertThat(m.version()).isEqualTo("12.0.20261126");
        String json = m.toJson();
        JsonNode n = Mappers.json().readTree(json);
        assertThat(n.get("created").asText()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(n.get("compressedDigests").get("sha512").asText()).isEqualTo("2".repeat(128));
        assertThat(n.fieldNames()).toIterable().startsWith("id", "os", "version", "compressedSize");
        assertThat(ImageManifest.fromJson(json)).isEqualTo(m);
        assertThat(n.has("origin")).as("a manifest without an origin has no origin member").isFalse();
    }

    @Test
    void theOriginOfAContainerImageRoundTrips() throws Exception {
        ImageOrigin origin = new ImageOrigin("docker://127.0.0.1:5000/metal/debian:12", "sha256:" + "a".repeat(64),
                "sha256:" + "b".repeat(64), "amd64", List.of("sha256:" + "c".repeat(64)), List.of("PATH=/usr/bin"),
                Map.of("org.example.role", "test"), Map.of("org.opencontainers.image.version", "12.4"));
        ImageManifest m = new ImageManifest("debian-12.0.20261126", null, null, 1000, 5000, Map.of("md5", "0".repeat(32)),
                Map.of("sha256", "3".repeat(64)), origin.reference(), origin, Instant.parse("2026-11-26T12:00:00Z"),
                "0.1.0", Set.of("machine"), "preview", Instant.parse("2027-02-24T12:00:00Z"));
        JsonNode n = Mappers.json().readTree(m.toJson());
        assertThat(n.get("origin").get("digest").asText()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(n.get("origin").get("annotations").get("org.opencontainers.image.version").asText()).isEqualTo("12.4");
        assertThat(n.fieldNames()).toIterable().containsSubsequence("source", "origin", "created");
        assertThat(ImageManifest.fromJson(m.toJson())).isEqualTo(m);
    }

    @Test
    void rejectsMissingId() {
        assertThatThrownBy(() -> ImageManifest.fromJson("{\"os\": \"debian\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id is missing");
    }
}
