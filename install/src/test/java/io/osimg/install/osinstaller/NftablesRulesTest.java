package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.machine.ImageRef;
import io.osimg.core.machine.v2.AllocationType;
import io.osimg.core.machine.v2.IpProtocol;
import io.osimg.core.machine.v2.NatType;
import io.osimg.core.machine.v2.NetworkType;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.core.machine.v2.V2FirewallRules;
import io.osimg.core.machine.v2.V2Network;
import io.osimg.core.machine.v2.V2Vpn;
import io.osimg.install.osinstaller.NftablesRules.ForwardPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The firewall's nftables ruleset byte for byte against the files metal-stack's os-installer's own tests expect for
 * the same allocations (test resources {@code osinstaller/nftables}, from os-installer's {@code pkg/nftables/test}).
 */
class NftablesRulesTest {

    static final String PROJECT = "dd429d45-db03-4627-887f-bf7761d376a5";

    static V2Network net(String id, NetworkType type, List<String> prefixes, List<String> destinations,
                         List<String> ips, long vrf, NatType nat, String project) {
        return new V2Network(id, prefixes, destinations, ips, type, nat, vrf == 0 ? null : vrf, 4200003073L,
                project);
    }

    static V2Network tenant(String prefix, String ip) {
        return net("379d294d-22e8-4aed-82e1-62c6c2f08d6a", NetworkType.CHILD, List.of(prefix), List.of(), List.of(ip),
                3981, NatType.NONE, null);
    }

    static V2Network storage(NatType nat, String project) {
        return net("partition-storage", NetworkType.CHILD_SHARED, List.of("10.0.18.0/22"), List.of(),
                List.of("10.0.18.2"), 3982, nat, project);
    }

    static V2Network internet() {
        return net("internet", NetworkType.EXTERNAL, List.of(), List.of("0.0.0.0/0"), List.of("185.1.2.3"), 104009,
                NatType.IPV4_MASQUERADE, null);
    }

    static V2Network underlay() {
        return net("underlay", NetworkType.UNDERLAY, List.of(), List.of(), List.of("10.1.0.1"), 0, NatType.NONE, null);
    }

    static V2Network mpls() {
        return net("mpls", NetworkType.EXTERNAL, List.of("100.127.129.0/22"), List.of(), List.of("100.127.129.1"),
                104010, NatType.IPV4_MASQUERADE, null);
    }

    static V2Network internetV6() {
        return net("internet-v6", NetworkType.EXTERNAL, List.of(), List.of(), List.of("2001::4"), 0, NatType.NONE,
                null);
    }

    static V2Allocation firewall(String project, V2FirewallRules rules, V2Vpn vpn, V2Network... networks) {
        return new V2Allocation("a-1", null, null, null, project, new ImageRef("firewall", null), null,
                List.of(networks), "firewall", List.of(), null, AllocationType.FIREWALL, rules, List.of(), List.of(),
                vpn);
    }

    /** os-installer's standard firewall: tenant, storage, internet (default route), underlay, mpls, internet-v6. */
    static V2Allocation standard(V2FirewallRules rules, V2Vpn vpn) {
        return firewall(null, rules, vpn, tenant("10.0.16.0/22", "10.0.16.2"), storage(NatType.NONE, null),
                internet(), underlay(), mpls(), internetV6());
    }

    /** The same with an IPv6 tenant and an internet network with IPv6 addresses beside IPv4 ones. */
    static V2Allocation dualStack() {
        return firewall(null, null, null, tenant("2002::/64", "2002::1"), storage(NatType.NONE, null),
                net("internet", NetworkType.EXTERNAL, List.of("2a02:c00:20::/45"), List.of("::/0"),
                        List.of("2a02:c00:20::1"), 104009, NatType.IPV4_MASQUERADE, null),
                underlay(), mpls(), internetV6());
    }

    static V2FirewallRules rules() {
        return new V2FirewallRules(List.of(
                new V2FirewallRules.Egress(IpProtocol.TCP, List.of(443), List.of("0.0.0.0/0", "1.2.3.4/32"),
                        "allow apt update"),
                new V2FirewallRules.Egress(IpProtocol.TCP, List.of(443), List.of("::/0"), "allow apt update v6")),
                List.of(new V2FirewallRules.Ingress(IpProtocol.TCP, List.of(22),
                                List.of("100.1.2.3/32", "100.1.2.4/32"), List.of("2.3.4.0/24", "192.168.1.0/16"),
                                "allow incoming ssh"),
                        new V2FirewallRules.Ingress(IpProtocol.TCP, List.of(22), List.of("2001:db8:0:113::/64"),
                                List.of("2001:db8::1/128"), "allow incoming ssh ipv6"),
                        new V2FirewallRules.Ingress(IpProtocol.TCP, List.of(80, 443, 8080), List.of(),
                                List.of("1.2.3.0/24", "192.168.0.0/16"), null)));
    }

    static String expected(String name) throws IOException {
        try (InputStream in = NftablesRulesTest.class.getResourceAsStream("/osinstaller/nftables/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String render(V2Allocation a, boolean dnsProxy, ForwardPolicy policy) {
        return NftablesRules.of(new Networks(a), dnsProxy, policy);
    }

    @Test
    void aSingleStackFirewallMasqueradesItsTenantOutOfEachNatNetwork() throws Exception {
        assertThat(render(standard(null, null), false, ForwardPolicy.DROP)).isEqualTo(expected("nftrules"));
        assertThat(render(standard(null, null), false, ForwardPolicy.ACCEPT))
                .isEqualTo(expected("nftrules_accept_forwarding"));
    }

    @Test
    void aDualStackFirewallWithDnsProxyGetsTheV6SetAndExceptsTheProxyAddress() throws Exception {
        assertThat(render(dualStack(), true, ForwardPolicy.DROP)).isEqualTo(expected("nftrules_ipv6"));
    }

    @Test
    void aSharedNetworkOfItsOwnProjectIsTheTenantAndTheDnsProxyIsV4() throws Exception {
        V2Allocation a = firewall(PROJECT, null, null, storage(NatType.IPV4_MASQUERADE, PROJECT), internet(),
                underlay(), internetV6());
        assertThat(render(a, true, ForwardPolicy.DROP)).isEqualTo(expected("nftrules_shared"));
    }

    @Test
    void firewallRulesGoToTheForwardChainAndAVpnReplacesSsh() throws Exception {
        assertThat(render(standard(rules(), null), false, ForwardPolicy.DROP))
                .isEqualTo(expected("nftrules_with_rules"));
        assertThat(render(standard(null, new V2Vpn("https://test.test.dev", "abracadabra", false, List.of())), false,
                ForwardPolicy.DROP)).isEqualTo(expected("nftrules_vpn"));
        assertThat(render(standard(null, new V2Vpn("https://test.test.dev", "", false, List.of())), false,
                ForwardPolicy.DROP)).as("a VPN without auth key is none").isEqualTo(expected("nftrules"));
    }

    @Test
    void anIngressRuleWithABadFirstDestinationIsLeftOutAndACommentIsQuotedAsGoDoes() throws Exception {
        V2FirewallRules r = new V2FirewallRules(List.of(), List.of(
                new V2FirewallRules.Ingress(IpProtocol.UDP, List.of(53), List.of("no-prefix"), List.of("1.2.3.0/24"),
                        "skipped"),
                new V2FirewallRules.Ingress(IpProtocol.UDP, List.of(53), List.of(), List.of("1.2.3.0/24"),
                        "say \"hi\"\\\n")));
        String rules = render(standard(r, null), false, ForwardPolicy.DROP);
        assertThat(rules).doesNotContain("skipped").contains("\n        oifname { \"vrf3981\", \"vni3981\", "
                + "\"vlan3981\" } ip saddr 1.2.3.0/24 udp dport { 53 } counter accept comment "
                + "\"say \\\"hi\\\"\\\\\\n\"\n");
    }

    @Test
    void whatTheAllocationLacksIsNamed() {
        List<V2Network> noDefault = new ArrayList<>(List.of(tenant("10.0.16.0/22", "10.0.16.2"), underlay(), mpls()));
        assertThatThrownBy(() -> render(firewall(null, null, null, noDefault.toArray(V2Network[]::new)), false,
                ForwardPolicy.DROP)).hasMessage("no network which provides a default route found");
        assertThatThrownBy(() -> render(firewall(null, null, null, internet(), underlay()), false, ForwardPolicy.DROP))
                .hasMessage("no private primary network present in network allocation");
        V2FirewallRules bad = new V2FirewallRules(List.of(new V2FirewallRules.Egress(IpProtocol.TCP, List.of(443),
                List.of("1.2.3.4"), "no bits")), List.of());
        assertThatThrownBy(() -> render(standard(bad, null), false, ForwardPolicy.DROP))
                .hasMessage("'1.2.3.4' is no network prefix (address/bits)");
    }
}
