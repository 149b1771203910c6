package io.osimg.core.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyDiskTest {

    @Test
    void writesDiskJsonAsMetalHammersMarshalIndent() throws Exception {
        LegacyDisk disk = new LegacyDisk(List.of(
                new LegacyDisk.Partition("root", "ext4", "5d8f1c2a-0000-4000-8000-000000000001"),
                new LegacyDisk.Partition("efi", "vfat", "B1C2-D3E4")));
        assertThat(disk.toJson()).isEqualTo("""
                {
                  "Device": "legacy",
                  "Partitions": [
                    {
                      "Label": "root",
                      "Filesystem": "ext4",
                      "Properties": {
                        "UUID": "5d8f1c2a-0000-4000-8000-000000000001"
                      }
                    },
                    {
                      "Label": "efi",
                      "Filesystem": "vfat",
                      "Properties": {
                        "UUID": "B1C2-D3E4"
                      }
                    }
                  ]
                }""");
        JsonNode read = new ObjectMapper().readTree(disk.toJson());
        assertThat(read.at("/Partitions/0/Properties/UUID").asText()).isEqualTo("5d8f1c2a-0000-4000-8000-000000000001");
        assertThat(disk.uuidOf("efi")).isEqualTo("B1C2-D3E4");
        assertThat(disk.uuidOf("varlib")).isEmpty();
    }

    @Test
    void noPartitionsIsAnEmptyList() {
        assertThat(LegacyDisk.empty().toJson()).isEqualTo("{\n  \"Device\": \"legacy\",\n  \"Partitions\": []\n}");
    }

    @Test
    void quotesLikeGo() {
        assertThat(LegacyDisk.quote("a\"b\\<&>")).isEqualTo("\"a\\\"b\\\\\\u003c\\u0026\\u003e\"");
    }
}
