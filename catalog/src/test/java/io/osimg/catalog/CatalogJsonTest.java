package io.osimg.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.image.ImageId;
import io.osimg.core.image.ImageRecord;
import io.osimg.core.json.Mappers;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A JSON export or metal-api's image list as a catalog (formerly core's {@code Catalog}). */
class CatalogJsonTest {

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

    private static Optional<ImageRecord> resolve(CatalogSnapshot c, String id) {
        return c.latest(ImageId.parse(id)).map(CatalogImage::record);
    }

    private static List<String> filter(CatalogSnapshot c, String os, String version, String classification, String feature) {
        return c.filter(new CatalogFilter(os, version, classification, feature)).stream().map(i -> i.id().raw()).toList();
    }

    @Test
    void readsMetalApiListSkippingUnparsableAndResolves() {
        CatalogSnapshot c = CatalogJson.readAll(METAL_API_JSON, "test.json");
        assertThat(c.images()).hasSize(3);
        assertThat(c.skipped()).isEqualTo(1); // broken-image
        assertThat(resolve(c, "ubuntu-24.04")).map(r -> r.id().raw()).contains("ubuntu-24.04.20241001");
        assertThat(resolve(c, "ubuntu-24.04.20240901")).map(ImageRecord::name).contains("Ubuntu 24.04");
        assertThat(resolve(c, "firewall-ubuntu-3")).map(ImageRecord::url)
                .contains("http://127.0.0.1/20241001/firewall/3.0-ubuntu/img.tar.lz4");
        assertThat(resolve(c, "ubuntu-22.04")).isEmpty();
        ImageRecord fw = resolve(c, "firewall-ubuntu-3.0").orElseThrow();
        assertThat(fw.expirationDate()).isEqualTo(Instant.parse("2024-12-30T00:00:00Z")); // created + 90 days
        assertThat(fw.isExpired(Instant.parse("2024-12-29T23:59:59Z"))).isFalse();
        assertThat(fw.isExpired(Instant.parse("2024-12-30T00:00:00Z"))).isTrue();
    }

    @Test
    void filters() {
        CatalogSnapshot c = CatalogJson.readAll(METAL_API_JSON, "test.json");
        assertThat(filter(c, "ubuntu", null, null, null)).hasSize(2);
        assertThat(filter(c, null, "24.04", "supported", null)).containsExactly("ubuntu-24.04.20240901");
        assertThat(filter(c, null, null, null, "firewall")).containsExactly("firewall-ubuntu-3.0.20241001");
        assertThat(filter(c, null, "3", null, null)).hasSize(1);
        assertThat(filter(c, null, null, null, null))
                .containsExactly("firewall-ubuntu-3.0.20241001", "ubuntu-24.04.20240901", "ubuntu-24.04.20241001");
    }

    @Test
    void jsonRoundTripUsesMetalApiKeys() throws Exception {
        ImageRecord r = new ImageRecord(ImageId.parse("debian-12.0.20261120"), "Debian 12", "", "http://127.0.0.1/a",
                Set.of("machine"), "supported", null, Instant.parse("2026-11-20T10:00:00Z"),
                Map.of("sha512", "ab".repeat(64)), 1234);
        String json = CatalogJson.write(List.of(new CatalogImage(r, null)), null);
        JsonNode node = Mappers.json().readTree(json).get(0);
        assertThat(node.get("id").asText()).isEqualTo("debian-12.0.20261120");
        assertThat(node.get("expirationDate").asText()).isEqualTo("2027-02-18T10:00:00Z");
        assertThat(node.get("features").get(0).asText()).isEqualTo("machine");
        assertThat(CatalogJson.readAll(json, "export.json").records()).containsExactly(r);
    }

    @Test
    void badEntriesAreSkippedTheRestIsRead() {
        CatalogSnapshot c = CatalogJson.readAll("""
                [{"id":"debian-12.0.20261120","url":"a","key":"20261120/debian/12","channel":"release"},
                 {"id":"debian-12.0","url":"b","key":"stable/debian/12","channel":"stable"},
                 {"id":"debian-12.0.20261121","features":"not a list"},
                 {"url":"no id"}, 7, {"id":"debian"}]""", "export.json");
        assertThat(c.images()).extracting(i -> i.id().raw() + "@" + i.channelName())
                .containsExactly("debian-12.0@stable", "debian-12.0.20261120@release");
        assertThat(c.skipped()).isEqualTo(4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CatalogJson.readAll("{}", "x.json"))
                .hasMessageContaining("not a JSON array");
    }
}
