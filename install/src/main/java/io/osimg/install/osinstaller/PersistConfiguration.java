package io.osimg.install.osinstaller;

import io.osimg.core.install.MachineAllocationYaml;
import java.io.IOException;

/**
 * "persist configuration data from metal-hammer": machine-details.yaml and machine-allocation.yaml stay in the
 * installed system (0600) for the firewall-controller and whatever reads them later.
 */
public final class PersistConfiguration implements OsTask {

    static final String DETAILS = "etc/metal/machine-details.yaml";
    static final String ALLOCATION = "etc/metal/machine-allocation.yaml";

    @Override
    public String name() {
        return "persist configuration data from metal-hammer";
    }

    @Override
    public void run(OsTarget target) throws IOException {
        target.write(DETAILS, target.details().toYaml(), 0600);
        target.write(ALLOCATION, MachineAllocationYaml.write(target.allocation()), 0600);
    }
}
