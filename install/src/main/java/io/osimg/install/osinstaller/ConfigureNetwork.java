package io.osimg.install.osinstaller;

import io.osimg.core.machine.v2.V2Nic;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * "configure network": the systemd-networkd files ({@link NetworkdFiles}) for loopback and the NICs that have
 * neighbors (the ones cabled to the leaves; all NICs when none has any) and {@code /etc/frr/frr.conf}
 * ({@link FrrConfig}), checked by the image's {@code vtysh --dryrun} when it has one. A firewall's frr.conf depends on
 * the image's FRR version ({@link FrrVersion}), and a firewall also gets its nftables ruleset ({@link NftablesRules}:
 * no DNS proxy, forward policy drop, as os-installer renders it here), checked by the image's {@code nft --check}
 * when it has one. Everything is rendered before the first file is written.
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
        Map<String, String> files = NetworkdFiles.of(networks, cabled(target.details().nics()));
        String frr;
        String nftables = null;
        if (networks.isMachine()) {
            frr = FrrConfig.of(networks, 0);
        } else {
            FrrVersion.Version version = FrrVersion.of(target);
            target.log().accept("FRR " + version.text() + " in the image");
            try {
                frr = FrrConfig.of(networks, version.major());
                nftables = NftablesRules.of(networks, false, NftablesRules.ForwardPolicy.DROP);
            } catch (IllegalArgumentException e) {
                throw new IOException("machine-allocation.yaml: " + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            target.write(NETWORK_DIR + f.getKey(), f.getValue(), 0644);
        }
        target.write(FRR_CONF, frr, 0644);
        if (target.hasProgram("vtysh")) {
            target.chroot().run("vtysh", "--dryrun", "--inputfile", "/" + FRR_CONF);
            target.log().accept("/" + FRR_CONF + " checked by vtysh --dryrun");
        }
        if (nftables != null) {
            target.write(NftablesRules.PATH, nftables, 0644);
            if (target.hasProgram("nft")) {
                target.chroot().run("nft", "--check", "--file", "/" + NftablesRules.PATH);
                target.log().accept("/" + NftablesRules.PATH + " checked by nft --check");
            }
        }
    }

    /** The NICs with neighbors, in their order; all of them when none has neighbors. */
    static List<V2Nic> cabled(List<V2Nic> nics) {
        List<V2Nic> cabled = nics.stream().filter(n -> !n.neighbors().isEmpty()).toList();
        return cabled.isEmpty() ? nics : cabled;
    }
}
