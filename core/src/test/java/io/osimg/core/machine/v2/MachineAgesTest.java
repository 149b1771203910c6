package io.osimg.core.machine.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.install.InstallConfig;
import io.osimg.core.install.MachineAllocationYaml;
import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.MachineDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Both ages of the machine document and the contract files written from them. */
class MachineAgesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T18:00:00Z");

    private static String resource(String name) throws IOException {
        try (InputStream in = MachineAgesTest.class.getResourceAsStream("/contract/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** machine.json as a current metal-api returns it: with the networks' v2 type names. */
    private static String v1() throws IOException {
        return resource("machine.json")
                .replace("\"networktype\": \"privateprimaryunshared\",",
                        "\"networktype\": \"privateprimaryunshared\", \"networktypev2\": \"child\", \"nattypev2\": \"none\",")
                .replace("\"networktype\": \"external\",",
                        "\"networktype\": \"external\", \"networktypev2\": \"external\", \"nattypev2\": \"ipv4-masq\",");
    }

    private static String v2() throws IOException {
        return resource("machine-v2.json");
    }

    private static String installYaml(MachineDocument doc) {
        return InstallConfig.fromMachine(doc, "console=ttyS1,115200n8", "root-uuid", NOW, "pw").toYaml();
    }

    @Test
    void installYamlFromAV1DocumentAndTheEquivalentV2DocumentIsIdentical() throws IOException {
        MachineDocument fromV1 = MachineDocument.parse(v1());
        MachineDocument fromV2 = MachineDocument.parse(v2());

        assertThat(fromV1.apiV2()).isNull();
        assertThat(fromV2.apiV2()).isNotNull();
        assertThat(installYaml(fromV2)).isEqualTo(installYaml(fromV1))
                .contains("networktype: privateprimaryunshared\n", "networktypev2: child\n", "nattypev2: ipv4-masq\n",
                        "nat: true\n", "role: machine\n", "machineuuid: 00000000-0000-0000-0000-0cc47ae54a16\n");
    }

    @Test
    void aV1DocumentWithoutV2TypesKeepsItsInstallYamlKeys() throws IOException {
        String yaml = installYaml(MachineDocument.parse(resource("machine.json")));
        assertThat(yaml).doesNotContain("networktypev2", "nattypev2");
    }

    @Test
    void v2IsRecognisedWrappedOrNotInJsonOrYaml() throws IOException {
        MachineDocument wrapped = MachineDocument.parse(v2());
        String bare = "uuid: m-1\nallocation:\n  hostname: fw-1\n  allocation_type: MACHINE_ALLOCATION_TYPE_FIREWALL\n"
                + "  networks:\n    - network: internet\n      network_type: external\n      nat_type: ipv4-masq\n"
                + "      vrf: \"104009\"\n      asn: 4200003073\n";
        MachineDocument yaml = MachineDocument.parse(bare);

        assertThat(wrapped.id()).isEqualTo("00000000-0000-0000-0000-0cc47ae54a16");
        assertThat(yaml.allocation().role()).isEqualTo("firewall");
        assertThat(yaml.allocation().networks().getFirst()).satisfies(n -> {
            assertThat(n.vrf()).isEqualTo(104009L);
            assertThat(n.nat()).isTrue();
            assertThat(n.networkType()).isEqualTo("external");
            assertThat(n.privateNetwork()).isFalse();
        });
    }

    @Test
    void aDocumentOfNeitherAgeSaysWhatItLacks() {
        assertThatThrownBy(() -> MachineDocument.parse("{\"hostname\": \"x\", \"size\": \"s\"}"))
                .hasMessage("machine document: neither a metal-api v1 machine (id, allocation.role) nor an API v2 "
                        + "machine (uuid, allocation.allocationType): it has only hostname, size");
        assertThatThrownBy(() -> MachineDocument.parse("hostname: x\nallocationType: MACHINE_ALLOCATION_TYPE_MACHINE\n"))
                .hasMessageContaining("an API v2 MachineAllocation alone; the machine's uuid and hardware.nics are missing");
        assertThatThrownBy(() -> MachineDocument.parse("uuid: m\nallocation:\n  hostname: x\n"))
                .hasMessage("machine document (API v2): allocation.allocationType is missing");
        assertThatThrownBy(() -> MachineDocument.parse("uuid: m\n"))
                .hasMessage("machine document (API v2): allocation is missing");
        assertThatThrownBy(() -> MachineDocument.parse("uuid: m\nallocation:\n  hostname: x\n  allocationType: BOAT\n"))
                .hasMessageContaining("allocation type: 'BOAT' is none of MACHINE_ALLOCATION_TYPE_MACHINE, "
                        + "MACHINE_ALLOCATION_TYPE_FIREWALL");
    }

    @Test
    void machineAllocationYamlIsProtobufYamlAndReadsBack() throws IOException {
        V2Allocation given = MachineDocument.parse(v2()).current().allocation();
        String yaml = MachineAllocationYaml.write(given);

        assertThat(yaml).startsWith("uuid: 6b1e4a2c-1f0e-4d38-9c57-2a0d3b1f9e10\nname: worker-1\n")
                .contains("createdBy: admin@example.org\n", "networkType: NETWORK_TYPE_CHILD\n",
                        "natType: NAT_TYPE_NONE\n", "vrf: \"3981\"\n", "asn: 4200003073\n",
                        "allocationType: MACHINE_ALLOCATION_TYPE_MACHINE\n", "sshPublicKeys:\n",
                        "controlPlaneAddress: vpn.example.org:443\n")
                .doesNotContain("description", "connected", "destinationPrefixes: []", "firewallRules");
        assertThat(yaml.indexOf("networks:")).isLessThan(yaml.indexOf("hostname:"));
        assertThat(MachineAllocationYaml.read(yaml)).isEqualTo(given);
    }

    @Test
    void aV1DocumentGivesTheSameAllocationButWhatV1DoesNotKnow() throws IOException {
        V2Allocation fromV1 = MachineDocument.parse(v1()).current().allocation();
        V2Allocation fromV2 = MachineDocument.parse(v2()).current().allocation();

        assertThat(fromV1.networks()).isEqualTo(fromV2.networks());
        assertThat(fromV1.hostname()).isEqualTo(fromV2.hostname());
        assertThat(fromV1.allocationType()).isEqualTo(AllocationType.MACHINE);
        assertThat(fromV1.sshPublicKeys()).isEqualTo(fromV2.sshPublicKeys());
        assertThat(fromV1.uuid()).isNull();
        assertThat(MachineAllocationYaml.read(MachineAllocationYaml.write(fromV1))).isEqualTo(fromV1);
    }

    @Test
    void machineDetailsCarryEveryNicWithGoYamlKeys() throws IOException {
        MachineDetails details = MachineDetails.fromMachine(MachineDocument.parse(v1()), "console=ttyS1,115200n8",
                "root-uuid", "pw");
        String yaml = details.toYaml();

        assertThat(yaml).startsWith("id: 00000000-0000-0000-0000-0cc47ae54a16\nnics:\n")
                .endsWith("password: pw\nconsole: ttyS1,115200n8\nraidenabled: false\nroot_uuid: root-uuid\n")
                .contains("identifier: \"\"\n", "speed: 0\n", "neighbors: []\n", "hostname: \"\"\n");
        assertThat(details.nics()).extracting(V2Nic::name).containsExactly("lan0", "lan1", "lan2");
        assertThat(MachineDetails.fromYaml(yaml)).isEqualTo(details);
        assertThat(MachineDetails.fromMachine(MachineDocument.parse(v2()), "console=ttyS1,115200n8", "root-uuid", "pw"))
                .isEqualTo(details);
    }
}
