package io.osimg.core.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osimg.core.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MachineDocumentTest {

    static String machineJson() throws IOException {
        try (InputStream in = MachineDocumentTest.class.getResourceAsStream("/contract/machine.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsTheExample() throws IOException {
        MachineDocument m = MachineDocument.parse(machineJson());
        assertThat(m.id()).isEqualTo("00000000-0000-0000-0000-0cc47ae54a16");
        Allocation a = m.allocation();
        assertThat(a.hostname()).isEqualTo("worker-1");
        assertThat(a.image()).isEqualTo(new ImageRef("debian-12.0.20261120", "http://127.0.0.1:8080/20261120/debian/12/img.tar.lz4"));
        assertThat(a.userData()).isEqualTo("I2Nsb3VkLWNvbmZpZwpob3N0bmFtZTogd29ya2VyLTEK");
        assertThat(a.networks()).extracting(MachineNetwork::networkId).containsExactly("bc830818-2df1-4904-8c40-4322296d393d", "internet");
        assertThat(a.vpn().authKey()).isEqualTo("tskey-123");
        assertThat(a.firewallRules()).isNull();
        FilesystemLayout l = a.filesystemLayout();
        assertThat(l.disks().get(0).partitions()).extracting(FilesystemLayout.Partition::gptType).containsExactly("ef00", "8300");
        assertThat(l.disks().get(0).partitions().get(1).size()).isZero();
        assertThat(l.filesystems().get(0).createOptions()).containsExactly("-F", "32");
        assertThat(l.hasRaid()).isFalse();
        assertThat(m.hardware().nics()).extracting(MachineNic::name).containsExactly("lan0", "lan1", "lan2");
        assertThat(m.hardware().nics()).extracting(MachineNic::hasNeighborsWithMacs).containsExactly(true, true, false);
    }

    @Test
    void readsTheSameAsYaml() throws IOException {
        JsonNode tree = Mappers.json().readTree(machineJson());
        String yaml = Mappers.yaml().writeValueAsString(tree);
        assertThat(MachineDocument.parse(yaml)).isEqualTo(MachineDocument.parse(machineJson()));
    }

    @Test
    void validationNamesTheField() throws IOException {
        assertInvalid(t -> ((ObjectNode) t).remove("allocation"), "machine document: allocation is missing");
        assertInvalid(t -> ((ObjectNode) t.get("allocation")).remove("hostname"), "machine document: allocation.hostname is missing");
        assertInvalid(t -> ((ObjectNode) t.get("allocation")).put("hostname", ""), "machine document: allocation.hostname is missing");
        assertInvalid(t -> ((ObjectNode) t).remove("id"), "machine document: id is missing");
        assertInvalid(t -> ((ObjectNode) t.get("allocation")).remove("role"), "machine document: allocation.role is missing");
        assertInvalid(t -> ((ObjectNode) t.get("allocation")).put("role", "router"),
                "machine document: allocation.role 'router' is neither 'machine' nor 'firewall'");
        assertThatThrownBy(() -> MachineDocument.parse("{\"id\": ")).hasMessageStartingWith("machine document: cannot be read");
        assertThatThrownBy(() -> MachineDocument.parse("  ")).hasMessage("machine document: empty");
    }

    @Test
    void hardwareMayBeAbsent() throws IOException {
        ObjectNode tree = (ObjectNode) Mappers.json().readTree(machineJson());
        tree.remove("hardware");
        assertThat(MachineDocument.parse(tree.toString()).hardware().nics()).isEmpty();
    }

    private static void assertInvalid(java.util.function.Consumer<JsonNode> edit, String message) throws IOException {
        JsonNode tree = Mappers.json().readTree(machineJson());
        edit.accept(tree);
        assertThatThrownBy(() -> MachineDocument.parse(tree.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
