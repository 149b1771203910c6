package io.osimg.install;

import io.osimg.core.install.BootInfo;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
import java.io.IOException;

/**
 * The contract steps after extraction (contract section 4, steps 4 to 7): write install.yaml, userdata and
 * lvmlocal.conf, run the image's install.sh chrooted, read boot-info.yaml. It takes a {@link VerifiedImage}, so it
 * can only run on an image that verified.
 */
@FunctionalInterface
public interface ContractRunner {

    BootInfo configure(VerifiedImage image, MachineDocument machine, EventSink events) throws IOException;
}
