package io.osimg.install.osinstaller;

import io.osimg.core.machine.v2.AllocationType;
import io.osimg.core.machine.v2.NetworkType;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.core.machine.v2.V2Network;
import java.util.List;
import java.util.Objects;

/**
 * The machine's own addresses as os-installer finds them: a firewall's are those of its underlay network; a
 * machine's those of its child network, else of the shared child network of its own project.
 */
final class PrivatePrimaryIps {

    private PrivatePrimaryIps() {
    }

    static List<String> of(V2Allocation a) {
        if (a.allocationType() == AllocationType.FIREWALL) {
            return find(a, NetworkType.UNDERLAY, false);
        }
        for (V2Network n : a.networks()) {
            if (n.networkType() == NetworkType.CHILD) {
                return n.ips();
            }
        }
        return find(a, NetworkType.CHILD_SHARED, true);
    }

    private static List<String> find(V2Allocation a, NetworkType type, boolean ownProject) {
        for (V2Network n : a.networks()) {
            if (n.networkType() == type && (!ownProject || n.project() != null && Objects.equals(n.project(),
                    a.project()))) {
                return n.ips();
            }
        }
        throw new IllegalArgumentException("no private primary ip present in network allocation (no "
                + type.protoName() + (ownProject ? " network of project " + a.project() : " network") + ")");
    }
}
