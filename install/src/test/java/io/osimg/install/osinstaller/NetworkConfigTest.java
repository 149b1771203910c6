package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.ImageRef;
import io.osimg.core.machine.v2.AllocationType;
import io.osimg.core.machine.v2.NatType;
import io.osimg.core.machine.v2.NetworkType;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.core.machine.v2.V2Network;
import io.osimg.core.machine.v2.V2Nic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd-networkd files and frr.conf, byte for byte against the files metal-stack's os-installer's tests
 * expect for the same allocations (test resources {@code osinstaller/networkd}, {@code osinstaller/frr}).
 */
class NetworkConfigTest {

    private static final long ASN = 4200003073L;
    private static final List<V2Nic> NICS = List.of(V2Nic.of("", "00:03:00:11:11:01", "", List.of()),
            V2Nic.of("", "00:03:00:11:12:01", "", List.of()));

    @TempDir
    Path root;

    static V2Network net(String id, NetworkType type, String project, List<String> prefixes, List<String> destinations,
                         List<String> ips, long vrf) {
        return new V2Network(id, prefixes, destinations, ips, type, NatType.NONE, vrf == 0 ? null : vrf, ASN, project);
    }

    static V2Allocation allocation(AllocationType type, String hostname, String project, V2Network... networks) {
        return new V2Allocation("a-1", null, null, null, project, new ImageRef("debian-13", null), null,
                List.of(networks), hostname, List.of(), null, type, null, List.of(), List.of(), null);
    }

    private static String expected(String resource) throws IOException {
        try (InputStream in = NetworkConfigTest.class.getResourceAsStream("/osinstaller/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertSameFiles(Map<String, String> files, String dir) throws IOException {
        List<String> names;
        try (Stream<Path> list = Files.list(Path.of("src/test/resources/osinstaller/networkd", dir))) {
            names = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(names);
        for (String name : names) {
            assertThat(files.get(name)).as(name).isEqualTo(expected("networkd/" + dir + "/" + name));
        }
    }

    // ------------------------------------------------------------------ systemd-networkd

    @Test
    void aMachineGetsLoopbackWithAllItsAddressesAndTwoLans() throws Exception {
        V2Allocation a = allocation(AllocationType.MACHINE, "machine", null,
                net(null, NetworkType.CHILD, null, List.of(), List.of(), List.of("10.0.17.2"), 0),
                net(null, NetworkType.EXTERNAL, null, List.of(), List.of(), List.of("185.1.2.3"), 0),
                net(null, NetworkType.EXTERNAL, null, List.of(), List.of(), List.of("100.127.129.1"), 0),
                net(null, NetworkType.EXTERNAL, null, List.of(), List.of(), List.of("2001::4"), 0),
                net(null, NetworkType.UNDERLAY, null, List.of(), List.of(), List.of("10.1.0.1"), 0));
        assertSameFiles(NetworkdFiles.of(new Networks(a), NICS), "machine");
    }

    @Test
    void aFirewallGetsVxlansABridgeAndPerVrfSviVrfAndVxlan() throws Exception {
        V2Allocation a = allocation(AllocationType.FIREWALL, "firewall", null,
                net("379d294d-22e8-4aed-82e1-62c6c2f08d6a", NetworkType.CHILD, null, List.of(), List.of(),
                        List.of("10.0.16.2"), 3981),
                net("partition-storage", NetworkType.CHILD_SHARED, null, List.of(), List.of(), List.of("10.0.18.2"),
                        3982),
                net("internet", NetworkType.EXTERNAL, null, List.of(), List.of(), List.of("185.1.2.3"), 104009),
                net("underlay", NetworkType.UNDERLAY, null, List.of(), List.of(), List.of("10.1.0.1"), 0),
                net("mpls", NetworkType.EXTERNAL, null, List.of(), List.of(), List.of("100.127.129.1"), 104010),
                net("internet-v6", NetworkType.EXTERNAL, null, List.of(), List.of(), List.of("2001::4"), 0));
        assertSameFiles(NetworkdFiles.of(new Networks(a), NICS), "firewall");
    }

    // ------------------------------------------------------------------ FRR

    private static V2Allocation firewall(String project, V2Network primary, V2Network internet) {
        return allocation(AllocationType.FIREWALL, "firewall", project, primary,
                net("partition-storage", NetworkType.CHILD_SHARED, "project-b", List.of("10.0.18.0/22"), List.of(),
                        List.of("10.0.18.2"), 3982),
                internet,
                net("underlay", NetworkType.UNDERLAY, null, List.of("10.0.12.0/22"), List.of(), List.of("10.1.0.1"),
                        0),
                net("mpls", NetworkType.EXTERNAL, null, List.of("100.127.129.0/24"), List.of("100.127.1.0/24"),
                        List.of("100.127.129.1"), 104010));
    }

    private static V2Network primaryV4() {
        return net("379d294d-22e8-4aed-82e1-62c6c2f08d6a", NetworkType.CHILD, "project-a", List.of("10.0.16.0/22"),
                List.of(), List.of("10.0.16.2"), 3981);
    }

    private static V2Network primaryV6() {
        return net("379d294d-22e8-4aed-82e1-62c6c2f08d6a", NetworkType.CHILD, "project-a", List.of("2002::/64"),
                List.of(), List.of("2002::1"), 3981);
    }

    private static V2Network internetV4() {
        return net("internet", NetworkType.EXTERNAL, null, List.of("185.1.2.0/24", "185.27.0.0/22"),
                List.of("0.0.0.0/0"), List.of("185.1.2.3"), 104009);
    }

    @Test
    void aMachinePeersWithItsLeavesByTheAsnOfItsChildNetwork() throws Exception {
        V2Allocation a = allocation(AllocationType.MACHINE, "machine", "project-a",
                net("379d294d-22e8-4aed-82e1-62c6c2f08d6a", NetworkType.CHILD, "project-a", List.of("10.0.16.0/22"),
                        List.of(), List.of("10.0.17.2"), 3981),
                internetV4(),
                net("mpls", NetworkType.EXTERNAL, null, List.of("100.127.129.0/24"), List.of("100.127.1.0/24"),
                        List.of("100.127.129.1"), 104010));
        assertThat(FrrConfig.of(new Networks(a), 9)).isEqualTo(expected("frr/frr.conf.machine"));
    }

    @Test
    void aFirewallGetsAVrfPerNetworkWithItsImportsSingleAndDualStack() throws Exception {
        assertThat(FrrConfig.of(new Networks(firewall("project-a", primaryV4(), internetV4())), 9))
                .isEqualTo(expected("frr/frr.conf.firewall"));
        V2Network internetDual = net("internet", NetworkType.EXTERNAL, null, List.of("185.1.2.0/24",
                "2a02:c00:20::/45"), List.of("::/0"), List.of("2a02:c00:20::1", "185.1.2.3"), 104009);
        assertThat(FrrConfig.of(new Networks(firewall("project-a", primaryV6(), internetDual)), 9))
                .isEqualTo(expected("frr/frr.conf.firewall_dualstack"));
        V2Network internetV6 = net("internet", NetworkType.EXTERNAL, null, List.of("2a02:c00:20::/45"),
                List.of("::/0"), List.of("2a02:c00:20::1"), 104009);
        assertThat(FrrConfig.of(new Networks(firewall(null, primaryV6(), internetV6)), 9))
                .isEqualTo(expected("frr/frr.conf.firewall_ipv6"));
    }

    @Test
    void frr10DropsEnforceFirstAsInTheVrfs() throws Exception {
        assertThat(FrrConfig.of(new Networks(firewall(null, primaryV4(), internetV4())), 10))
                .isEqualTo(expected("frr/frr.conf.firewall_frr-10"));
    }

    @Test
    void aFirewallInASharedNetworkOfItsOwnProject() throws Exception {
        String project = "dd429d45-db03-4627-887f-bf7761d376a5";
        V2Allocation a = allocation(AllocationType.FIREWALL, "firewall", project,
                net("partition-storage", NetworkType.CHILD_SHARED, project, List.of("10.0.18.0/22"), List.of(),
                        List.of("10.0.18.2"), 3982),
                internetV4(),
                net("underlay", NetworkType.UNDERLAY, null, List.of("10.0.12.0/22"), List.of(), List.of("10.1.0.1"),
                        0));
        assertThat(FrrConfig.of(new Networks(a), 9)).isEqualTo(expected("frr/frr.conf.firewall_shared"));
    }

    // ------------------------------------------------------------------ the task

    @Test
    void theTaskWritesTheFilesOfTheCabledNicsAndAFirewallNeedsItsFrrVersion() throws Exception {
        V2Nic leaf = V2Nic.of("", "aa:bb:cc:00:00:09", "swp1", List.of());
        List<V2Nic> nics = List.of(V2Nic.of("", "00:03:00:11:11:01", "eth0", List.of(leaf)),
                V2Nic.of("", "00:03:00:11:99:99", "eth1", List.of()),
                V2Nic.of("", "00:03:00:11:12:01", "eth2", List.of(leaf)));
        MachineDetails details = new MachineDetails("m-1", nics, "pw", "ttyS1,115200n8", false, "root-uuid");
        OsTarget machine = new OsTarget(root, Targets.machine(), details, OperatingSystem.DEBIAN);

        new ConfigureNetwork().run(machine);

        try (Stream<Path> files = Files.list(root.resolve("etc/systemd/network"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("00-lo.network",
                    "10-lan0.link", "10-lan0.network", "11-lan1.link", "11-lan1.network");
        }
        assertThat(root.resolve("etc/systemd/network/11-lan1.link")).content()
                .contains("PermanentMACAddress=00:03:00:11:12:01\n");
        assertThat(root.resolve("etc/systemd/network/00-lo.network")).content()
                .endsWith("Address=185.1.2.3/32\n\n[Address]\nAddress=10.0.16.5/32\n\n[Address]\n"
                        + "Address=2001:db8::5/128\n");
        assertThat(root.resolve("etc/frr/frr.conf")).content().contains("hostname node-1\n", "router bgp 4200003073\n",
                " bgp router-id 10.0.16.5\n");

        Path fw = Files.createDirectory(root.resolve("fw"));
        assertThatThrownBy(() -> new ConfigureNetwork().run(new OsTarget(fw, Targets.firewall(), details,
                OperatingSystem.DEBIAN))).hasMessageStartingWith("unable to detect frr version");
        assertThat(fw.resolve("etc")).doesNotExist();
    }
}
