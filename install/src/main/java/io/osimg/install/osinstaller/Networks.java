package io.osimg.install.osinstaller;

import io.osimg.core.machine.v2.AllocationType;
import io.osimg.core.machine.v2.NetworkType;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.core.machine.v2.V2Network;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The allocation's networks as the network configuration reads them (os-installer's facts: MTUs, loopback
 * addresses, the private primary network, the EVPN interfaces of a firewall with VLAN 1000 + the network's
 * position, ...).
 */
final class Networks {

    static final int MTU_FIREWALL = 9216;
    static final int MTU_MACHINE = 9000;
    private static final int VLAN_OFFSET = 1000;

    /** A firewall's EVPN interface: a network with a VRF. */
    record EvpnIface(String network, List<String> cidrs, int vlanId, long vrf) {
    }

    private final V2Allocation allocation;

    Networks(V2Allocation allocation) {
        this.allocation = Objects.requireNonNull(allocation, "allocation");
    }

    V2Allocation allocation() {
        return allocation;
    }

    boolean isMachine() {
        return allocation.allocationType() != AllocationType.FIREWALL;
    }

    String hostname() {
        return allocation.hostname();
    }

    int mtu() {
        return isMachine() ? MTU_MACHINE : MTU_FIREWALL;
    }

    List<V2Network> all() {
        return allocation.networks();
    }

    /** A firewall's underlay addresses; a machine's child, shared child and external ones; each /32 or /128. */
    List<String> loopbackCidrs() {
        List<String> cidrs = new ArrayList<>();
        for (V2Network n : all()) {
            boolean take = isMachine()
                    ? n.networkType() == NetworkType.CHILD || n.networkType() == NetworkType.CHILD_SHARED
                    || n.networkType() == NetworkType.EXTERNAL
                    : n.networkType() == NetworkType.UNDERLAY;
            if (take) {
                for (String ip : n.ips()) {
                    cidrs.add(hostCidr(ip));
                }
            }
        }
        return cidrs;
    }

    V2Network underlay() {
        return all().stream().filter(n -> n.networkType() == NetworkType.UNDERLAY).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no underlay network present in network allocation"));
    }

    /** The child network, else the shared child network of the allocation's own project. */
    V2Network privatePrimary() {
        for (V2Network n : all()) {
            if (n.networkType() == NetworkType.CHILD) {
                return n;
            }
        }
        for (V2Network n : all()) {
            if (n.networkType() == NetworkType.CHILD_SHARED && n.project() != null
                    && n.project().equals(allocation.project())) {
                return n;
            }
        }
        throw new IllegalArgumentException("no private primary network present in network allocation");
    }

    /** The shared child networks of other projects. */
    List<V2Network> privateSecondaryShared() {
        return all().stream().filter(n -> n.networkType() == NetworkType.CHILD_SHARED && n.project() != null
                && !n.project().equals(allocation.project())).toList();
    }

    List<V2Network> ofType(NetworkType type) {
        return all().stream().filter(n -> n.networkType() == type).toList();
    }

    /** The first external network with a default route among its destination prefixes. */
    V2Network defaultRoute() {
        return ofType(NetworkType.EXTERNAL).stream().filter(n -> containsDefaultRoute(n.destinationPrefixes()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "no network which provides a default route found"));
    }

    /** A firewall's VNIs: the VRFs of its networks, once each; none for a machine. */
    List<Long> vxlanIds() {
        Set<Long> ids = new LinkedHashSet<>();
        if (!isMachine()) {
            for (V2Network n : all()) {
                if (vrf(n) > 0) {
                    ids.add(vrf(n));
                }
            }
        }
        return List.copyOf(ids);
    }

    /** A firewall's EVPN interfaces, one per VRF (the first network of a VRF). */
    List<EvpnIface> evpnIfaces() {
        if (isMachine()) {
            throw new IllegalArgumentException("no evpn interfaces supported on machines");
        }
        List<EvpnIface> ifaces = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < all().size(); i++) {
            V2Network n = all().get(i);
            if (vrf(n) > 0 && seen.add(vrf(n))) {
                ifaces.add(new EvpnIface(n.network(), n.ips().stream().map(Networks::hostCidr).toList(),
                        VLAN_OFFSET + i, vrf(n)));
            }
        }
        return ifaces;
    }

    static long vrf(V2Network n) {
        return n.vrf() == null ? 0 : n.vrf();
    }

    static String vrfName(V2Network n) {
        return "vrf" + vrf(n);
    }

    static boolean containsDefaultRoute(List<String> prefixes) {
        return prefixes.contains("0.0.0.0/0") || prefixes.contains("::/0");
    }

    /** An IP literal (never a name: no lookup) or null when {@code ip} is none. */
    static InetAddress parseIp(String ip) {
        try {
            return InetAddress.ofLiteral(ip.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code ip/32} or {@code ip/128}. */
    static String hostCidr(String ip) {
        InetAddress a = parseIp(ip);
        if (a == null) {
            throw new IllegalArgumentException("'" + ip + "' is no IP address");
        }
        return ip.strip() + (a instanceof Inet6Address ? "/128" : "/32");
    }
}
