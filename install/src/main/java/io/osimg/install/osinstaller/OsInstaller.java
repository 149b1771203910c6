package io.osimg.install.osinstaller;

import io.osimg.archive.posix.FileType;
import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.v2.V2Allocation;
import io.osimg.install.contract.TargetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * osimg's own OS installer: for an image without an install script, configures the extracted root from outside
 * (no JVM inside the image; only the image's own tools run chrooted) with metal-stack's os-installer's tasks, in
 * its order and by its names, as the image's {@code /etc/metal/os-installer.yaml} allows.
 */
public final class OsInstaller {

    static final String CONFIG = "etc/metal/os-installer.yaml";

    private OsInstaller() {
    }

    /** Every task osimg implements, for this os-installer.yaml. */
    public static List<OsTask> tasks(OsInstallerConfig config, String osimgVersion) {
        String bootloaderId = config.overwrites() == null ? null : config.overwrites().bootloaderId();
        return List.of(
                new PersistConfiguration(),
                new CheckEfiMode(),
                new RemoveDockerEnv(),
                new WriteHostname(),
                new WriteHosts(),
                new WriteResolvConf(),
                new WriteNtpConfiguration(),
                new CreateMetalUser(),
                new ConfigureNetwork(),
                new AuthorizedSshKeys(),
                new FixPermissions(),
                new ProcessUserdata(),
                new BuildKernelCmdline(),
                new WriteBootInfo(bootloaderId),
                new WriteBootloaderConfig(bootloaderId),
                new UnsetMachineId(),
                new DeploySystemdServices(),
                new WriteBuildMeta(osimgVersion),
                new ExecuteCustomExecutable(config.customScript()));
    }

    /**
     * Reads the image's os-installer.yaml and os-release and runs the tasks on {@code root}.
     *
     * @return the names of the tasks that ran
     * @throws OsTaskException for the first task that fails, naming it
     * @throws IOException     when os-installer.yaml or the OS cannot be read, naming the file
     */
    public static List<String> run(Path root, V2Allocation allocation, MachineDetails details,
                                   OsTarget.Firmware firmware, ChrootCommands chroot, Consumer<String> log,
                                   String osimgVersion) throws IOException {
        OsInstallerConfig config = readConfig(root);
        OperatingSystem os;
        try {
            os = config.osName() != null ? OperatingSystem.named(config.osName()) : OperatingSystem.fromOsRelease(
                    readOsRelease(root));
        } catch (IllegalArgumentException e) {
            throw new IOException(root + ": " + e.getMessage(), e);
        }
        log.accept("osimg's OS installer: " + os.id() + (config.osName() != null ? " (os-installer.yaml)" : ""));
        OsTarget target = new OsTarget(root, allocation, details, os, firmware, chroot, log);
        long start = System.nanoTime();
        List<String> ran = new TaskList(tasks(config, osimgVersion)).run(target, config, log);
        log.accept("osimg's OS installer: " + ran.size() + " tasks in "
                + String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9) + " s");
        return ran;
    }

    private static OsInstallerConfig readConfig(Path root) throws IOException {
        if (TargetFiles.type(root, CONFIG).filter(t -> t == FileType.REGULAR).isEmpty()) {
            return OsInstallerConfig.none();
        }
        try {
            return OsInstallerConfig.fromYaml(new String(TargetFiles.read(root, CONFIG),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(root + ": " + e.getMessage(), e);
        }
    }

    /** {@code /etc/os-release}, or {@code /usr/lib/os-release} where it links to (as it does on most systems). */
    private static String readOsRelease(Path root) throws IOException {
        for (String file : List.of("etc/os-release", "usr/lib/os-release")) {
            Optional<FileType> type = TargetFiles.type(root, file);
            if (type.isPresent() && type.get() == FileType.REGULAR) {
                return new String(TargetFiles.read(root, file), StandardCharsets.UTF_8);
            }
        }
        throw new IOException(root + ": the image has no /etc/os-release (nor /usr/lib/os-release), so its OS is "
                + "unknown; os-installer.yaml's os_name can name it");
    }
}
