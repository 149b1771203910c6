package io.osimg.install;

import io.osimg.core.install.BootInfo;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
import io.osimg.install.contract.ContractSteps;
import io.osimg.install.contract.HostEnvironment;
import io.osimg.install.contract.ScriptRunner;
import io.osimg.install.contract.TargetDisks;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The contract steps after extraction (contract section 4, steps 4 to 7): write disk.json, install.yaml, userdata and
 * lvmlocal.conf, run the image's install.sh chrooted, read boot-info.yaml. It takes a {@link VerifiedImage}, so it
 * can only run on an image that verified.
 */
@FunctionalInterface
public interface ContractRunner {

    /** @return boot-info.yaml, or null when the image installed into a directory has nothing to boot */
    BootInfo configure(VerifiedImage image, MachineDocument machine, EventSink events) throws IOException;

    /**
     * The real steps ({@link ContractSteps}): the script chrooted with its mounts in namespaces of its own
     * ({@link ScriptRunner#chroot()}), the host's EFI directory and lvmlocal.conf.
     *
     * @param cmdlineFile the installer's kernel command line ({@code /proc/cmdline}), for the console in install.yaml
     * @param disks       the target's file systems for install.yaml and disk.json
     * @param osInstaller the OS installer for images without a script ({@code --os-installer}), null for none
     */
    static ContractRunner system(Path cmdlineFile, TargetDisks disks, Path osInstaller) {
        HostEnvironment host = HostEnvironment.system();
        ContractSteps steps = new ContractSteps(new HostEnvironment(cmdlineFile, host.efiDir(), host.clock(),
                host.lvmlocalSource()), ScriptRunner.chroot()).withOsInstaller(osInstaller);
        return (image, machine, events) -> steps.configure(image.target(), machine, disks, events);
    }
}
