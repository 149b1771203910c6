package io.osimg.core.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.json.Mappers;
import io.osimg.core.machine.MachineDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InstallConfigTest {

    static String resource(String name) throws IOException {
        try (InputStream in = InstallConfigTest.class.getResourceAsStream("/contract/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(String yaml) throws IOException {
        return Mappers.yaml().readValue(yaml, Map.class);
    }

    /**
     * Every key and value of the example survives a read and write. Keys the example lacks are written with Go's
     * zero values (metal-hammer writes every key), nothing else is added.
     */
    @ParameterizedTest
    @ValueSource(strings = {"install-machine.yaml", "install-firewall.yaml"})
    void examplesRoundTrip(String name) throws IOException {
        String original = resource(name);
        InstallConfig config = InstallConfig.fromYaml(original);
        String written = config.toYaml();
        assertThat(written).doesNotStartWith("---");
        Map<String, Object> before = map(original);
        Map<String, Object> after = map(written);

        Map<String, Object> expected = new LinkedHashMap<>(goZeroValues());
        expected.putAll(before);
        withNetworkDefaults(expected);
        withNicDefaults(expected);
        assertThat(after).isEqualTo(expected);
        assertThat(after.keySet()).containsExactly("hostname", "networks", "machineuuid", "sshpublickey", "password",
                "console", "timestamp", "nics", "vpn", "role", "raidenabled", "root_uuid", "firewall_rules",
                "dns_servers", "ntp_servers");
        assertThat(InstallConfig.fromYaml(written)).isEqualTo(config);
    }

    private static Map<String, Object> goZeroValues() {
        Map<String, Object> m = new HashMap<>();
        m.put("machineuuid", "");
        m.put("vpn", null);
        m.put("firewall_rules", null);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void withNetworkDefaults(Map<String, Object> config) {
        for (Object n : (List<Object>) config.get("networks")) {
            ((Map<String, Object>) n).putIfAbsent("projectid", null);
        }
    }

    @SuppressWarnings("unchecked")
    private static void withNicDefaults(Map<String, Object> config) {
        for (Object n : (List<Object>) config.get("nics")) {
            Map<String, Object> nic = (Map<String, Object>) n;
            nic.putIfAbsent("identifier", null);
            for (Object neighbor : (List<Object>) nic.get("neighbors")) {
                ((Map<String, Object>) neighbor).putIfAbsent("identifier", null);
            }
        }
    }

    @Test
    void writesLikeGoQuotingAmbiguousScalars() throws IOException {
        String written = InstallConfig.fromYaml(resource("install-machine.yaml")).toYaml();
        assertThat(written).startsWith("hostname: machine\nnetworks:\n  - asn: 4200003073\n");
        assertThat(written).contains("mac: \"00:03:00:11:11:01\"", "mac: \"44:38:39:00:00:04\"", "mac: 44:38:39:00:00:1a", "- 10.1.0.1", "- ip: 8.8.4.4",
                "timestamp: \"2019-07-01T09:41:43Z\"", "machineuuid: \"\"", "vpn: null", "name: null",
                "destinationprefixes: []", "raidenabled: false", "console: ttyS1,115200n8");
    }

    @Test
    void reads2020Form() throws IOException {
        String yaml = """
                ---
                hostname: old
                networks: []
                machineuuid: 00000000-0000-0000-0000-000000000001
                sshpublickey: ssh-rsa AAAA
                password: secret
                devmode: true
                console: ttyS0
                timestamp: "2020-03-01T10:00:00Z"
                nics: []
                """;
        InstallConfig c = InstallConfig.fromYaml(yaml);
        assertThat(c.devMode()).isTrue();
        assertThat(c.machineUuid()).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(c.role()).isEmpty();
        assertThat(c.raidEnabled()).isFalse();
        Map<String, Object> after = map(c.toYaml());
        assertThat(after).containsEntry("devmode", true).containsEntry("password", "secret");
        assertThat(map(InstallConfig.fromYaml(resource("install-machine.yaml")).toYaml())).doesNotContainKey("devmode");
    }

    @Test
    void rejectsEmptyOrBroken() {
        assertThatThrownBy(() -> InstallConfig.fromYaml("")).hasMessage("install.yaml: empty");
        assertThatThrownBy(() -> InstallConfig.fromYaml("role: machine\n")).hasMessage("install.yaml: hostname is missing");
        assertThatThrownBy(() -> InstallConfig.fromYaml("hostname: [unclosed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("install.yaml: cannot be read");
    }

    @Test
    void fromMachineGivesWhatMetalHammerWrites() throws IOException {
        MachineDocument m = MachineDocument.parse(resource("machine.json"));
        InstallConfig c = InstallConfig.fromMachine(m, "BOOT_IMAGE=/vmlinuz console=tty0 console=ttyS1,115200n8 quiet",
                "543eb7f8-98d4-d986-e669-824dbebe69e5", Instant.parse("2026-11-20T10:05:00.123Z"), "s3cret");
        Map<String, Object> y = map(c.toYaml());

        assertThat(y.get("hostname")).isEqualTo("worker-1");
        assertThat(y.get("machineuuid")).isEqualTo("00000000-0000-0000-0000-0cc47ae54a16");
        assertThat(y.get("console")).isEqualTo("ttyS1,115200n8");
        assertThat(y.get("password")).isEqualTo("s3cret");
        assertThat(y.get("timestamp")).isEqualTo("2026-11-20T10:05:00Z");
        assertThat(y.get("role")).isEqualTo("machine");
        assertThat(y.get("raidenabled")).isEqualTo(false);
        assertThat(y.get("root_uuid")).isEqualTo("543eb7f8-98d4-d986-e669-824dbebe69e5");
        assertThat(y.get("sshpublickey"))
                .isEqualTo("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIhLhxQwOgAaJmqZ9njCdfNw2+LTm24CwUTay6ZYlJBQ admin@example.org");
        assertThat(((List<?>) y.get("nics")).stream().map(n -> (Object) asMap(n).get("name")).toList())
                .containsExactly("lan0", "lan1");
        assertThat(y.get("dns_servers")).isEqualTo(List.of(Map.of("ip", "8.8.8.8"), Map.of("ip", "1.1.1.1")));
        assertThat(y.get("ntp_servers")).isEqualTo(List.of(Map.of("address", "0.pool.ntp.org")));
        assertThat(y.get("vpn")).isEqualTo(Map.of("address", "vpn.example.org:443", "auth_key", "tskey-123", "connected", false));
        assertThat(y.get("firewall_rules")).isNull();
        assertThat(y).containsKey("firewall_rules");
        List<?> networks = (List<?>) y.get("networks");
        assertThat(networks).hasSize(2);
        assertThat(asMap(networks.get(0))).containsEntry("projectid", "b5f26a3b-9a4d-48db-a6b3-d1dd4ac4abec")
                .containsEntry("vrf", 3981).containsEntry("private", true).containsEntry("asn", 4200003073L);
        assertThat(asMap(networks.get(1))).containsEntry("projectid", null).containsEntry("nat", true);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void fromMachineDefaultsConsoleAndJoinsKeys() throws IOException {
        String json = resource("machine.json").replace("\"ssh_pub_keys\": [", "\"ssh_pub_keys\": [\"ssh-rsa AAAA one\",");
        InstallConfig c = InstallConfig.fromMachine(MachineDocument.parse(json), null, "u", Instant.EPOCH, "p");
        assertThat(c.console()).isEqualTo("ttyS0");
        assertThat(c.sshPublicKey()).startsWith("ssh-rsa AAAA one\nssh-ed25519 ");
        assertThat(InstallConfig.fromMachine(MachineDocument.parse(json), "quiet", "u", Instant.EPOCH, "p").console())
                .isEqualTo("ttyS0");
    }

    @Test
    void anEmptyConsoleStaysEmptyAsMetalHammerWritesIt() throws IOException {
        MachineDocument doc = MachineDocument.parse(resource("machine.json"));
        InstallConfig empty = InstallConfig.fromMachine(doc, "quiet console=", "u", Instant.EPOCH, "p");
        assertThat(empty.console()).isEmpty();
        assertThat(empty.toYaml()).contains("\nconsole: \"\"\n");
        assertThat(InstallConfig.fromMachine(doc, "console=ttyS1 console=", "u", Instant.EPOCH, "p").console())
                .isEmpty();
        assertThat(InstallConfig.fromMachine(doc, "console console=ttyS1,115200n8 console", "u", Instant.EPOCH, "p")
                .console()).isEqualTo("ttyS1,115200n8");
        assertThat(InstallConfig.fromMachine(doc, "console", "u", Instant.EPOCH, "p").console()).isEqualTo("ttyS0");
    }

    @Test
    void raidEnabledFollowsTheLayout() throws IOException {
        String json = resource("machine.json").replace("\"raid\": []",
                "\"raid\": [{\"arrayname\": \"/dev/md0\", \"devices\": [\"/dev/sda2\", \"/dev/sdb2\"], \"level\": \"1\"}]");
        InstallConfig c = InstallConfig.fromMachine(MachineDocument.parse(json), null, "u", Instant.EPOCH, "p");
        assertThat(c.raidEnabled()).isTrue();
    }
}
