package io.osimg.install.osinstaller;

import io.osimg.core.machine.NtpServer;
import io.osimg.core.machine.v2.V2Allocation;
import java.io.IOException;
import java.util.Map;

/**
 * "deploy systemd services": a machine needs none; a firewall gets its services' files ({@link FirewallServices}:
 * droptailer, chrony in the default route's VRF, firewall-controller, the node and nftables exporters, suricata's
 * rules update and defaults, tailscale with a VPN), and the units enabled by the image's {@code systemctl enable} as
 * os-installer does it (a unit that does not enable is logged, not fatal). The image's own
 * {@code /etc/suricata/suricata.yaml} gets the default route's SVI as its af-packet interface.
 */
public final class DeploySystemdServices implements OsTask {

    static final String COMMENT = "created from os-installer";

    @Override
    public String name() {
        return "deploy systemd services";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        Networks networks = new Networks(target.allocation());
        if (networks.isMachine()) {
            return;
        }
        FirewallServices.Rendered rendered = FirewallServices.of(facts(target, networks));
        for (Map.Entry<String, String> f : rendered.files().entrySet()) {
            target.write(f.getKey(), f.getValue(), 0644);
        }
        String svi = "vlan" + Networks.vrf(networks.defaultRoute());
        if (target.isFile(FirewallServices.SURICATA_CONF)) {
            String patched = FirewallServices.suricataAfPacket(target.read(FirewallServices.SURICATA_CONF), svi);
            if (patched != null) {
                target.write(FirewallServices.SURICATA_CONF, patched, 0644);
            } else {
                target.log().accept("/" + FirewallServices.SURICATA_CONF + " has no af-packet interface: left as is");
            }
        } else {
            target.log().accept("no /" + FirewallServices.SURICATA_CONF + " in the image: suricata not configured");
        }
        if (!target.hasProgram("systemctl")) {
            target.log().accept("no systemctl in the image: units not enabled: " + String.join(" ", rendered.enable()));
            return;
        }
        for (String unit : rendered.enable()) {
            try {
                target.chroot().run("systemctl", "enable", unit);
            } catch (IOException e) {
                target.log().accept("unable to enable systemd unit " + unit + ": " + e.getMessage());
            }
        }
    }

    private static FirewallServices.Facts facts(OsTarget target, Networks networks) throws IOException {
        V2Allocation a = target.allocation();
        try {
            String tenant = Networks.vrfName(networks.privatePrimary());
            String defaultRoute = Networks.vrfName(networks.defaultRoute());
            return new FirewallServices.Facts(COMMENT, tenant, defaultRoute, target.details().id(),
                    a.vpn() == null ? null : a.vpn().controlPlaneAddress(), a.vpn() == null ? null : a.vpn().authKey(),
                    a.ntpServers().stream().map(NtpServer::address).toList());
        } catch (IllegalArgumentException e) {
            throw new IOException("machine-allocation.yaml: " + e.getMessage(), e);
        }
    }
}
