package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.NtpServer;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.core.machine.v2.V2Nic;
import io.osimg.core.machine.v2.V2Vpn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "configure network" and "deploy systemd services" for single- and dual-stack firewalls on temporary roots: the
 * ruleset and the service files byte for byte, the FRR version read from the image, the image's checkers and
 * {@code systemctl enable} recorded.
 */
class FirewallTasksTest {

    private static final List<V2Nic> NICS = List.of(V2Nic.of("", "00:03:00:11:11:01", "eth0", List.of()),
            V2Nic.of("", "00:03:00:11:12:01", "eth1", List.of()));
    private static final String VTYSH_HELP =
            "Usage : vtysh [OPTION...]\n\nIntegrated shell for FRR (version 10.4.1).\n";

    @TempDir
    Path root;

    private OsTarget target(V2Allocation a, RecordingChroot chroot, List<String> log) throws Exception {
        Files.createDirectories(root.resolve("etc"));
        return new OsTarget(root, a, new MachineDetails("c0115b51-5e4d-4f92-85c8-1cc504eafdd2", NICS, "pw",
                "ttyS1,115200n8", false, "root-uuid"), OperatingSystem.DEBIAN, OsTarget.Firmware.EFI, chroot, log::add);
    }

    private void programs(String... paths) throws Exception {
        for (String p : paths) {
            Files.createDirectories(root.resolve(p).getParent());
            Files.writeString(root.resolve(p), "#!/bin/sh\n");
        }
    }

    private String file(String relative) throws Exception {
        return Files.readString(root.resolve(relative));
    }

    @Test
    void aSingleStackFirewallGetsItsRulesetFrrForItsVersionAndChecksBoth() throws Exception {
        programs("usr/bin/vtysh", "usr/sbin/nft");
        RecordingChroot chroot = new RecordingChroot(Map.of("vtysh", VTYSH_HELP), List.of());
        List<String> log = new ArrayList<>();

        new ConfigureNetwork().run(target(NftablesRulesTest.standard(null, null), chroot, log));

        assertThat(file("etc/nftables/rules")).isEqualTo(NftablesRulesTest.expected("nftrules"));
        assertThat(file("etc/frr/frr.conf")).contains("router bgp 4200003073 vrf vrf3981\n bgp router-id 10.1.0.1\n"
                        + " no bgp enforce-first-as\n");
        assertThat(root.resolve("etc/systemd/network/30-vrf-3981.netdev")).exists();
        assertThat(chroot.argvs()).containsExactly(List.of("vtysh", "-h"),
                List.of("vtysh", "--dryrun", "--inputfile", "/etc/frr/.frr.conf-osimg-check"),
                List.of("nft", "--check", "--file", "/etc/nftables/.rules-osimg-check"));
        assertThat(root.resolve("etc/frr/.frr.conf-osimg-check")).doesNotExist();
        assertThat(root.resolve("etc/nftables/.rules-osimg-check")).doesNotExist();
        assertThat(log).contains("FRR 10.4.1 in the image", "/etc/nftables/rules checked by nft --check");
    }

    @Test
    void aRulesetTheImagesNftRefusesIsNeverPutInPlace() throws Exception {
        programs("usr/bin/vtysh", "usr/sbin/nft");
        RecordingChroot chroot = new RecordingChroot(Map.of("vtysh", VTYSH_HELP), List.of("nft"));

        assertThatThrownBy(() -> new ConfigureNetwork().run(target(NftablesRulesTest.standard(null, null), chroot,
                new ArrayList<>())))
                .hasMessage("'nft --check --file /etc/nftables/.rules-osimg-check' exited with code 1");

        assertThat(root.resolve("etc/nftables/rules")).doesNotExist();
        assertThat(root.resolve("etc/nftables/.rules-osimg-check")).doesNotExist();
        assertThat(root.resolve("etc/frr/frr.conf")).doesNotExist();
        assertThat(root.resolve("etc/systemd/network")).doesNotExist();
    }

    @Test
    void aDualStackFirewallWithoutVtyshReadsFrrFromDpkgAndMasqueradesItsV6Tenant() throws Exception {
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("var/lib/dpkg/status"),
                "Package: frr\nStatus: install ok installed\nVersion: 8.4.4-1.1~deb12u1\n");
        RecordingChroot chroot = new RecordingChroot();
        List<String> log = new ArrayList<>();

        new ConfigureNetwork().run(target(NftablesRulesTest.dualStack(), chroot, log));

        assertThat(file("etc/nftables/rules")).isEqualTo(NftablesRulesTest.expected("nftrules_ipv6_no_dns_proxy"));
        assertThat(file("etc/frr/frr.conf")).doesNotContain("enforce-first-as");
        assertThat(chroot.calls).isEmpty();
        assertThat(log).containsExactly("FRR 8.4.4-1.1~deb12u1 in the image",
                "no nft in the image: /etc/nftables/rules not checked");
    }

    @Test
    void aFirewallWithoutFrrOrDefaultRouteFailsBeforeWritingAnything() throws Exception {
        assertThatThrownBy(() -> new ConfigureNetwork().run(target(NftablesRulesTest.standard(null, null),
                new RecordingChroot(), new ArrayList<>()))).hasMessage("unable to detect frr version: the image has no "
                + "vtysh and /var/lib/dpkg/status has no installed frr package (a firewall needs FRR)");
        programs("usr/bin/vtysh");
        V2Allocation noDefault = NftablesRulesTest.firewall(null, null, null,
                NftablesRulesTest.tenant("10.0.16.0/22", "10.0.16.2"), NftablesRulesTest.underlay(),
                NftablesRulesTest.mpls());
        assertThatThrownBy(() -> new ConfigureNetwork().run(target(noDefault,
                new RecordingChroot(Map.of("vtysh", VTYSH_HELP), List.of()), new ArrayList<>())))
                .hasMessage("machine-allocation.yaml: no network which provides a default route found");
        assertThat(root.resolve("etc/systemd")).doesNotExist();
        assertThat(root.resolve("etc/frr")).doesNotExist();
    }

    @Test
    void theServicesOfAFirewallAreWrittenAndEnabled() throws Exception {
        programs("usr/bin/systemctl");
        Files.createDirectories(root.resolve("etc/suricata"));
        Files.writeString(root.resolve("etc/suricata/suricata.yaml"),
                "%YAML 1.1\n---\naf-packet:\n  - interface: eth0\n    cluster-id: 99\n");
        V2Allocation a = NftablesRulesTest.standard(null, new V2Vpn("headscale.metal-stack.io", "a-authkey", false,
                List.of()));
        a = new V2Allocation(a.uuid(), a.name(), a.description(), a.createdBy(), a.project(), a.image(),
                a.filesystemLayout(), a.networks(), a.hostname(), a.sshPublicKeys(), a.userdata(), a.allocationType(),
                a.firewallRules(), a.dnsServers(), List.of(new NtpServer("1.2.3.4"), new NtpServer("1.2.3.5")),
                a.vpn());
        RecordingChroot chroot = new RecordingChroot(Map.of(), List.of("systemctl"));
        List<String> log = new ArrayList<>();

        new DeploySystemdServices().run(target(a, chroot, log));

        assertThat(file("etc/systemd/system/droptailer.service")).isEqualTo(FirewallServicesTest
                .expected("droptailer.service").replace("# generated by os-installer", "# created from os-installer"));
        assertThat(file("etc/systemd/system/firewall-controller.service")).isEqualTo(FirewallServicesTest
                .expected("firewall-controller.service").replace("# Do not edit.", "# created from os-installer"));
        assertThat(file("etc/systemd/system/node-exporter.service")).isEqualTo(FirewallServicesTest
                .expected("node-exporter.service").replace("# Do not edit.", "# created from os-installer"));
        assertThat(file("etc/systemd/system/nftables-exporter.service")).isEqualTo(FirewallServicesTest
                .expected("nftables-exporter.service").replace("# Do not edit.", "# created from os-installer"));
        assertThat(file("etc/systemd/system/suricata_update.service"))
                .isEqualTo(FirewallServicesTest.expected("suricata-update.service"));
        assertThat(file("etc/default/suricata")).isEqualTo(FirewallServicesTest.expected("suricata_defaults"));
        assertThat(file("etc/suricata/suricata.yaml")).isEqualTo("%YAML 1.1\n---\naf-packet:\n  - interface: "
                + "vlan104009\n    cluster-id: 99\n");
        assertThat(file("etc/chrony/chrony.conf")).isEqualTo(FirewallServicesTest.expected("chrony.conf.custom"));
        assertThat(file("etc/systemd/system/tailscale.service"))
                .isEqualTo(FirewallServicesTest.expected("tailscale.service"));
        assertThat(file("etc/systemd/system/tailscaled.service"))
                .isEqualTo(FirewallServicesTest.expected("tailscaled.service"));
        assertThat(chroot.argvs()).containsExactly(List.of("systemctl", "enable", "droptailer.service"),
                List.of("systemctl", "enable", "chrony@vrf104009.service"),
                List.of("systemctl", "enable", "firewall-controller.service"),
                List.of("systemctl", "enable", "nftables-exporter.service"),
                List.of("systemctl", "enable", "node-exporter.service"),
                List.of("systemctl", "enable", "tailscale.service"),
                List.of("systemctl", "enable", "tailscaled.service"));
        assertThat(log).hasSize(7).allMatch(l -> l.startsWith("unable to enable systemd unit "));
    }

    @Test
    void aMachineGetsNoServicesAndAFirewallWithoutTenantIsNamed() throws Exception {
        new DeploySystemdServices().run(target(Targets.machine(), new RecordingChroot(), new ArrayList<>()));
        assertThat(root.resolve("etc/systemd")).doesNotExist();

        V2Allocation noTenant = NftablesRulesTest.firewall(null, null, null, NftablesRulesTest.internet(),
                NftablesRulesTest.underlay());
        assertThatThrownBy(() -> new DeploySystemdServices().run(target(noTenant, new RecordingChroot(),
                new ArrayList<>()))).hasMessage("machine-allocation.yaml: no private primary network present in "
                + "network allocation");
        assertThat(root.resolve("etc/systemd")).doesNotExist();
    }
}
