package io.osimg.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.json.Mappers;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogTest {

    /** The shape of metal-api's GET /v1/image response (fields osimg does not read included). */
    private static final String METAL_API_JSON = """
            [
              {"id": "ubuntu-24.04.20240901", "name": "Ubuntu 24.04", "description": "", "url": "http://127.0.0.1/20240901/ubuntu/24.04/img.tar.lz4",
               "features": ["machine"], "classification": "supported", "expirationDate": "2024-12-01T00:00:00Z",
               "created": "2024-09-01T00:00:00Z", "changed": "2024-09-01T00:00:00Z", "usedby": []},
              {"id": "ubuntu-24.04.20241001", "url": "http://127.0.0.1/20241001/ubuntu/24.04/img.tar.lz4",
               "features": ["machine"], "classification": "preview", "expirationDate": "2025-01-01T00:00:00Z"},
              {"id": "firewall-ubuntu-3.0.20241001", "url": "http://127.0.0.1/20241001/firewall/3.0-ubuntu/img.tar.lz4",
               "features": ["firewall"], "classification": "supported", "created": "2024-10-01T00:00:00Z"},
              {"id": "broken-image", "url": "http://127.0.0.1/x"}
            ]
            """;

    @Test
    void readsMetalApiListSkippingUnparsableAndResolves() {
        Catalog c = Catalog.fromJson(METAL_API_JSON);
        assertThat(c.images()).hasSize(3);
        assertThat(c.skipped()).containsExactly("broken-image");
        assertThat(c.resolve("ubuntu-24.04")).map(r -> r.id().raw()).contains("ubuntu-24.04.20241001");
        assertThat(c.resolve("ubuntu-24.04.20240901")).map(ImageRecord::name).contains("Ubuntu 24.04");
        assertThat(c.resolve("firewall-ubuntu-3")).map(ImageRecord::url)
                .contains("http://127.0.0.1/20241001/firewall/3.0-ubuntu/img.tar.lz4");
        assertThat(c.resolve("ubuntu-22.04")).isEmpty();
        ImageRecord fw = c.resolve("firewall-ubuntu-3.0").orElseThrow();
        assertThat(fw.expirationDate()).isEqualTo(Instant.parse("2024-12-30T00:00:00Z")); // created + 90 days
        assertThat(fw.isExpired(Instant.parse("2024-12-29T23:59:59Z"))).isFalse();
        assertThat(fw.isExpired(Instant.parse("2024-12-30T00:00:00Z"))).isTrue();
    }

    @Test
    void filters() {
        Catalog c = Catalog.fromJson(METAL_API_JSON);
        assertThat(c.filter("ubuntu", null, null, null)).hasSize(2);
        assertThat(c.filter(null, "24.04", "supported", null)).extracting(r -> r.id().raw()).containsExactly("ubuntu-24.04.20240901");
        assertThat(c.filter(null, null, null, "firewall")).extracting(r -> r.id().raw()).containsExactly("firewall-ubuntu-3.0.20241001");
        assertThat(c.filter(null, "3", null, null)).hasSize(1);
        assertThat(c.filter(null, null, null, null)).extracting(r -> r.id().raw())
                .containsExactly("firewall-ubuntu-3.0.20241001", "ubuntu-24.04.20240901", "ubuntu-24.04.20241001");
    }

    @Test
    void jsonRoundTripUsesMetalApiKeys() throws Exception {
        ImageRecord r = new ImageRecord(ImageId.parse("debian-12.0.20261120"), "Debian 12", "", "http://127.0.0.1/a",
                Set.of("machine"), "supported", null, Instant.parse("2026-11-20T10:00:00Z"),
                Map.of("sha512", "ab".repeat(64)), 1234);
        Catalog c = Catalog.of(java.util.List.of(r));
        String json = c.toJson();
        JsonNode node = Mappers.json().readTree(json).get(0);
        assertThat(node.get("id").asText()).isEqualTo("debian-12.0.20261120");
        assertThat(node.get("expirationDate").asText()).isEqualTo("2027-02-18T10:00:00Z");
        assertThat(node.get("features").get(0).asText()).isEqualTo("machine");
        assertThat(Catalog.fromJson(json).images()).containsExactly(r);
    }
}
