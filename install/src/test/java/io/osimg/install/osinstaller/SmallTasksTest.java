package io.osimg.install.osinstaller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.install.MachineAllocationYaml;
import io.osimg.core.install.MachineDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tasks that are a few lines each: persist configuration, EFI check, .dockerenv, permissions, services. */
class SmallTasksTest {

    @TempDir
    Path root;

    @Test
    void persistConfigurationWritesBothDocumentsThatReadBackTheSame() throws Exception {
        OsTarget t = Targets.target(root, Targets.machine());
        new PersistConfiguration().run(t);

        Path details = root.resolve("etc/metal/machine-details.yaml");
        assertThat(MachineDetails.fromYaml(Files.readString(details))).isEqualTo(t.details());
        assertThat(MachineAllocationYaml.read(Files.readString(root.resolve("etc/metal/machine-allocation.yaml"))))
                .isEqualTo(t.allocation());
        assertThat(Files.getPosixFilePermissions(details)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void efiModeIsDemandedOnMachinesWithFirmwareOnly() throws Exception {
        OsTarget t = Targets.target(root, Targets.machine());
        new CheckEfiMode().run(t.withFirmware(new OsTarget.Firmware(true, false)));
        new CheckEfiMode().run(t.withFirmware(new OsTarget.Firmware(false, true)));
        assertThatThrownBy(() -> new CheckEfiMode().run(t.withFirmware(new OsTarget.Firmware(false, false))))
                .hasMessage("not running in EFI mode (no /sys/firmware/efi on a machine with DMI)");
    }

    @Test
    void dockerenvIsRemovedWhenThere() throws Exception {
        OsTarget t = Targets.target(root, Targets.machine());
        Files.writeString(root.resolve(".dockerenv"), "");
        new RemoveDockerEnv().run(t);
        assertThat(root.resolve(".dockerenv")).doesNotExist();
        new RemoveDockerEnv().run(t);
    }

    @Test
    void varTmpBecomesStickyAndWorldWritable() throws Exception {
        OsTarget t = Targets.target(root, Targets.machine());
        Path varTmp = Files.createDirectories(root.resolve("var/tmp"));
        Files.setPosixFilePermissions(varTmp, PosixFilePermissions.fromString("rwxr-xr-x"));

        new FixPermissions().run(t);

        assertThat(Files.getAttribute(varTmp, "unix:mode")).isEqualTo(041777);
    }

    @Test
    void aMachineNeedsNoServicesAndAFirewallNeedsADefaultRoute() throws Exception {
        new DeploySystemdServices().run(Targets.target(root, Targets.machine()));
        assertThatThrownBy(() -> new DeploySystemdServices().run(Targets.target(root, Targets.firewall())))
                .hasMessage("machine-allocation.yaml: no network which provides a default route found");
    }

    @Test
    void buildMetaNamesOsimgAndTheImagesIgnition() throws Exception {
        new WriteBuildMeta("1.2.3").run(Targets.target(root, Targets.machine()));
        assertThat(root.resolve("etc/metal/build-meta.yaml")).hasContent("""
                ---
                buildVersion: osimg 1.2.3
                buildDate: ""
                buildSHA: ""
                buildRevision: ""
                ignitionVersion: ""
                """);

        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/ignition"), "");
        RecordingChroot chroot = new RecordingChroot(Map.of("ignition", "Ignition v2.14.0\n"), List.of());
        new WriteBuildMeta("1.2.3").run(Targets.target(root, Targets.machine()).withChroot(chroot));
        assertThat(chroot.argvs()).containsExactly(List.of("ignition", "-version"));
        assertThat(root.resolve("etc/metal/build-meta.yaml")).content().endsWith("ignitionVersion: Ignition v2.14.0\n");
    }

    @Test
    void theCustomExecutableRunsChrootedInItsWorkdirAndItsFailureFailsTheTask() throws Exception {
        RecordingChroot chroot = new RecordingChroot();
        OsTarget t = Targets.target(root, Targets.machine()).withChroot(chroot);
        new ExecuteCustomExecutable(null).run(t);
        new ExecuteCustomExecutable(new OsInstallerConfig.CustomScript("/opt/setup", "/opt")).run(t);
        assertThat(chroot.calls).containsExactly(new RecordingChroot.Call(List.of("/opt/setup"), null, "/opt"));

        OsTarget failing = t.withChroot(new RecordingChroot(Map.of(), List.of("/opt/setup")));
        assertThatThrownBy(() -> new ExecuteCustomExecutable(new OsInstallerConfig.CustomScript("/opt/setup", null))
                .run(failing)).hasMessage("custom executable /opt/setup: '/opt/setup' exited with code 1");
    }
}
