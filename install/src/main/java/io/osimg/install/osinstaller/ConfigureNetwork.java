package io.osimg.install.osinstaller;

import io.osimg.core.machine.v2.V2Nic;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * "configure network": the systemd-networkd files ({@link NetworkdFiles}) for loopback and the NICs that have
 * neighbors (the ones cabled to the leaves; all NICs when none has any) and {@code /etc/frr/frr.conf}
 * ({@link FrrConfig}), checked by the image's {@code vtysh --dryrun} when it has one. A firewall also needs its
 * nftables rules, which osimg does not write yet: the task fails for firewalls before writing anything.
 */
public final class ConfigureNetwork implements OsTask {

    static final String NETWORK_DIR = "etc/systemd/network/";
    static final String FRR_CONF = "etc/frr/frr.conf";

    @Override
    public String name() {
        return "configure network";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        Networks networks = new Networks(target.allocation());
        if (!networks.isMachine()) {
            throw new IOException("a firewall needs nftables rules, which osimg's OS installer does not write yet "
                    + "(use --os-installer with metal-stack's os-installer for firewalls)");
        }
        for (Map.Entry<String, String> f : NetworkdFiles.of(networks, cabled(target.details().nics())).entrySet()) {
            target.write(NETWORK_DIR + f.getKey(), f.getValue(), 0644);
        }
        target.write(FRR_CONF, FrrConfig.of(networks, 0), 0644);
        if (target.hasProgram("vtysh")) {
            target.chroot().run("vtysh", "--dryrun", "--inputfile", "/" + FRR_CONF);
            target.log().accept("/" + FRR_CONF + " checked by vtysh --dryrun");
        }
    }

    /** The NICs with neighbors, in their order; all of them when none has neighbors. */
    static List<V2Nic> cabled(List<V2Nic> nics) {
        List<V2Nic> cabled = nics.stream().filter(n -> !n.neighbors().isEmpty()).toList();
        return cabled.isEmpty() ? nics : cabled;
    }
}
