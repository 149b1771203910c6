package io.osimg.core.machine.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.machine.Allocation;
import io.osimg.core.machine.FilesystemLayout;
import io.osimg.core.machine.FirewallRules;
import io.osimg.core.machine.Hardware;
import io.osimg.core.machine.MachineDocument;
import io.osimg.core.machine.MachineNetwork;
import io.osimg.core.machine.MachineNic;
import io.osimg.core.machine.Vpn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Between the two ages of the machine document. API v2 to v1 follows metal-hammer's conversion for the legacy
 * install.yaml ({@code generateLegacyConfig}): network types {@code CHILD} -> {@code privateprimaryunshared}
 * (private), {@code CHILD_SHARED} -> {@code privateprimaryshared} (private), {@code EXTERNAL} -> {@code external},
 * {@code UNDERLAY} -> {@code underlay} (underlay), the v2 enums' string values as {@code nattypev2} and
 * {@code networktypev2}, the role from the allocation type, the protocols by their string values. Two choices of
 * osimg's: {@code nat} is true for {@code NAT_TYPE_IPV4_MASQUERADE} (metal-hammer leaves it false) and NICs keep
 * all their neighbors (metal-hammer keeps the first neighbor's MAC and name), so a v1
 * document and the v2 document of the same machine give the same install.yaml. Of a v2 filesystem layout only
 * whether it has RAID arrays is carried over.
 */
public final class LegacyConversion {

    private static final Map<NetworkType, String> V1_TYPES = Map.of(
            NetworkType.CHILD, "privateprimaryunshared",
            NetworkType.CHILD_SHARED, "privateprimaryshared",
            NetworkType.EXTERNAL, "external",
            NetworkType.UNDERLAY, "underlay");

    private LegacyConversion() {
    }

    /** The metal-api v1 form of an API v2 machine; the result keeps {@code m} as its {@code apiV2}. */
    public static MachineDocument toLegacy(V2Machine m) {
        V2Allocation a = m.allocation();
        Vpn vpn = a.vpn() == null ? null : new Vpn(a.vpn().controlPlaneAddress(), a.vpn().authKey(),
                a.vpn().connected());
        Allocation allocation = new Allocation(a.hostname(), a.allocationType().stringValue(), a.image(),
                a.sshPublicKeys(), a.userdata(), a.networks().stream().map(LegacyConversion::toLegacy).toList(),
                a.dnsServers(), a.ntpServers(), vpn, toLegacy(a.firewallRules()), raidOnly(a));
        return new MachineDocument(m.uuid(), allocation,
                new Hardware(m.nics().stream().map(LegacyConversion::toLegacy).toList()), m);
    }

    private static MachineNetwork toLegacy(V2Network n) {
        NetworkType type = n.networkType();
        return new MachineNetwork(n.asn(), n.destinationPrefixes(), n.ips(), n.natType() == NatType.IPV4_MASQUERADE,
                n.natType() == null ? null : n.natType().stringValue(), n.network(), V1_TYPES.getOrDefault(type, ""),
                type == null ? null : type.stringValue(), n.prefixes(),
                type == NetworkType.CHILD || type == NetworkType.CHILD_SHARED, n.project(),
                type == NetworkType.UNDERLAY, n.vrf());
    }

    private static MachineNic toLegacy(V2Nic nic) {
        return new MachineNic(nic.identifier(), nic.mac(), nic.name(),
                nic.neighbors().stream().map(LegacyConversion::neighborToLegacy).toList());
    }

    /** A switch port: protobuf cannot tell an empty identifier from none, metal-api v1 has none ({@code null}). */
    private static MachineNic neighborToLegacy(V2Nic port) {
        return new MachineNic(port.identifier().isEmpty() ? null : port.identifier(), port.mac(), port.name(),
                port.neighbors().stream().map(LegacyConversion::neighborToLegacy).toList());
    }

    private static FirewallRules toLegacy(V2FirewallRules rules) {
        if (rules == null) {
            return null;
        }
        return new FirewallRules(
                rules.egress().stream().map(e -> new FirewallRules.Egress(e.comment(), e.ports(),
                        e.protocol() == null ? null : e.protocol().stringValue(), e.to())).toList(),
                rules.ingress().stream().map(i -> new FirewallRules.Ingress(i.comment(), i.from(), i.ports(),
                        i.protocol() == null ? null : i.protocol().stringValue(), i.to())).toList());
    }

    private static FilesystemLayout raidOnly(V2Allocation a) {
        if (!a.raidEnabled()) {
            return null;
        }
        List<FilesystemLayout.Raid> raid = new ArrayList<>();
        for (JsonNode r : a.filesystemLayout().get("raid")) {
            raid.add(new FilesystemLayout.Raid(r.path("arrayName").asText(r.path("array_name").asText("")),
                    List.of(), r.path("level").asText(""), null, List.of()));
        }
        return new FilesystemLayout(null, null, null, raid, null, null);
    }

    /**
     * The API v2 form of a metal-api v1 machine: {@code networktypev2}/{@code nattypev2} when the document has
     * them, else the type from {@code networktype} ({@code privatesecondaryshared} is {@code CHILD_SHARED} too)
     * and the NAT type from {@code nat}. What v1 does not know (the allocation's UUID, name, project, the NICs'
     * vendor and speed) stays empty.
     */
    public static V2Machine fromLegacy(MachineDocument d) {
        Allocation a = d.allocation();
        V2Vpn vpn = a.vpn() == null ? null : new V2Vpn(a.vpn().address(), a.vpn().authKey(),
                Boolean.TRUE.equals(a.vpn().connected()), List.of());
        V2Allocation allocation = new V2Allocation(null, null, null, null, null, a.image(), null,
                a.networks().stream().map(LegacyConversion::fromLegacy).toList(), a.hostname(), a.sshPubKeys(),
                a.userData(), AllocationType.parse(a.role()), fromLegacy(a.firewallRules()), a.dnsServers(),
                a.ntpServers(), vpn);
        return new V2Machine(d.id(), allocation,
                new V2Machine.Hardware(d.hardware().nics().stream().map(LegacyConversion::fromLegacy).toList()));
    }

    private static V2Network fromLegacy(MachineNetwork n) {
        NetworkType type = n.networkTypeV2() != null ? NetworkType.parse(n.networkTypeV2())
                : switch (n.networkType() == null ? "" : n.networkType()) {
                    case "privateprimaryunshared" -> NetworkType.CHILD;
                    case "privateprimaryshared", "privatesecondaryshared" -> NetworkType.CHILD_SHARED;
                    case "external" -> NetworkType.EXTERNAL;
                    case "underlay" -> NetworkType.UNDERLAY;
                    default -> null;
                };
        NatType nat = n.natTypeV2() != null ? NatType.parse(n.natTypeV2())
                : Boolean.TRUE.equals(n.nat()) ? NatType.IPV4_MASQUERADE : NatType.NONE;
        return new V2Network(n.networkId(), n.prefixes(), n.destinationPrefixes(), n.ips(), type, nat, n.vrf(),
                n.asn(), n.projectId());
    }

    private static V2Nic fromLegacy(MachineNic nic) {
        return V2Nic.of(nic.identifier(), nic.mac(), nic.name(),
                nic.neighbors().stream().map(LegacyConversion::fromLegacy).toList());
    }

    private static V2FirewallRules fromLegacy(FirewallRules rules) {
        if (rules == null) {
            return null;
        }
        return new V2FirewallRules(
                rules.egress().stream().map(e -> new V2FirewallRules.Egress(IpProtocol.parse(e.protocol()),
                        e.ports(), e.to(), e.comment())).toList(),
                rules.ingress().stream().map(i -> new V2FirewallRules.Ingress(IpProtocol.parse(i.protocol()),
                        i.ports(), i.to(), i.from(), i.comment())).toList());
    }
}
