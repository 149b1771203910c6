package io.osimg.install.osinstaller;

import io.osimg.core.machine.v2.AllocationType;
import java.io.IOException;

/**
 * "deploy systemd services": a machine needs none; a firewall's services (droptailer, chrony in the default
 * route's VRF, firewall-controller, exporters, suricata, tailscale) are not written by osimg yet, so the task fails
 * for firewalls.
 */
public final class DeploySystemdServices implements OsTask {

    @Override
    public String name() {
        return "deploy systemd services";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        if (target.allocation().allocationType() == AllocationType.FIREWALL) {
            throw new IOException("the firewall's systemd services are not written by osimg's OS installer yet "
                    + "(use --os-installer with metal-stack's os-installer for firewalls)");
        }
    }
}
