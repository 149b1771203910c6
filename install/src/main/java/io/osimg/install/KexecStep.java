package io.osimg.install;

import java.io.IOException;

/** The last step: load the kernel of a verified, configured image and reboot into it. Does not return on success. */
@FunctionalInterface
public interface KexecStep {

    void boot(VerifiedImage image, BootPlan plan) throws IOException;
}
