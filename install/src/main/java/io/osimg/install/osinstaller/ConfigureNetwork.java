package io.osimg.install.osinstaller;

import io.osimg.core.machine.v2.V2Nic;
import io.osimg.install.contract.TargetFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "configure network": the systemd-networkd files ({@link NetworkdFiles}) for loopback and the NICs that have
 * neighbors (the ones cabled to the leaves; all NICs when none has any) and {@code /etc/frr/frr.conf}
 * ({@link FrrConfig}), checked by the image's {@code vtysh --dryrun} when it has one. A firewall's frr.conf depends on
 * the image's FRR version ({@link FrrVersion}), and a firewall also gets its nftables ruleset ({@link NftablesRules}:
 * no DNS proxy, forward policy drop, as os-installer renders it here), checked by the image's {@code nft --check}
 * when it has one. Everything is rendered and checked (on staging files) before the first file is written.
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
        if (target.hasProgram("vtysh")) {
            check(target, FRR_CONF, frr, List.of("vtysh", "--dryrun", "--inputfile"));
            target.log().accept("/" + FRR_CONF + " checked by vtysh --dryrun");
        }
        if (nftables != null && target.hasProgram("nft")) {
            check(target, NftablesRules.PATH, nftables, List.of("nft", "--check", "--file"));
            target.log().accept("/" + NftablesRules.PATH + " checked by nft --check");
        } else if (nftables != null) {
            target.log().accept("no nft in the image: /" + NftablesRules.PATH + " not checked");
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            target.write(NETWORK_DIR + f.getKey(), f.getValue(), 0644);
        }
        target.write(FRR_CONF, frr, 0644);
        if (nftables != null) {
            target.write(NftablesRules.PATH, nftables, 0644);
        }
    }

    /**
     * Checks {@code text} with the image's {@code checker} on a staging file beside {@code relative} (a dot file, which
     * neither FRR nor nftables loads), removed afterwards: a configuration the image's tools refuse is never put in
     * place, as os-installer validates before it renames.
     */
    private static void check(OsTarget target, String relative, String text, List<String> checker)
            throws IOException {
        int slash = relative.lastIndexOf('/');
        String staging = relative.substring(0, slash + 1) + "." + relative.substring(slash + 1) + "-osimg-check";
        target.write(staging, text, 0644);
        try {
            List<String> argv = new ArrayList<>(checker);
            argv.add("/" + staging);
            target.chroot().run(argv, null, null);
        } finally {
            TargetFiles.remove(target.root(), staging);
        }
    }

    /** The NICs with neighbors, in their order; all of them when none has neighbors. */
    static List<V2Nic> cabled(List<V2Nic> nics) {
        List<V2Nic> cabled = nics.stream().filter(n -> !n.neighbors().isEmpty()).toList();
        return cabled.isEmpty() ? nics : cabled;
    }
}
