package io.osimg.install.contract;

import io.osimg.core.install.BootInfo;
import io.osimg.core.install.InstallConfig;
import io.osimg.core.install.LegacyDisk;
import io.osimg.core.install.MachineAllocationYaml;
import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract steps with a script runner played by the test. */
class ContractStepsTest {

    @TempDir
    Path dir;

    /** Records the scripts it ran and the mounts it was asked for, then plays {@code script}. */
    static final class RecordingRunner implements ScriptRunner {
        final List<String> ran = new ArrayList<>();
        final List<SpecialMount> mounts = new ArrayList<>();
        private final ScriptRunner script;

        RecordingRunner(ScriptRunner script) {
            this.script = script;
        }

        @Override
        public int run(Path root, String name, List<SpecialMount> asked, Consumer<String> output) throws IOException {
            ran.add(name);
            mounts.addAll(asked);
            return script.run(root, name, asked, output);
        }
    }

    /** A script runner that writes boot-info.yaml and kernel files, then exits with {@code exit}. */
    static ScriptRunner writingBootInfo(int exit, List<String> ran) {
        return (root, script, mounts, output) -> {
            ran.add(script);
            output.accept("hello from " + script);
            Files.createDirectories(root.resolve("boot"));
            Files.writeString(root.resolve("boot/vmlinuz-6.1"), "K");
            Files.writeString(root.resolve("etc/metal/boot-info.yaml"),
                    "kernel: /boot/vmlinuz-6.1\ninitrd: \"\"\ncmdline: quiet\nbootloader_id: deb\n");
            return exit;
        };
    }

    private Path root() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("install.sh"), "#!/bin/sh\n");
        return root;
    }

    private HostEnvironment env(boolean efi) throws IOException {
        Path efiDir = dir.resolve("efi");
        if (efi) {
            Files.createDirectories(efiDir);
        }
        return new HostEnvironment(dir.resolve("no-cmdline"), efiDir, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                dir.resolve("no-lvmlocal.conf"));
    }

    private static MachineDocument machine() throws IOException {
        try (InputStream in = ContractStepsTest.class.getResourceAsStream("/machine.json")) {
            return MachineDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static MachineDocument withUserData(String userData) throws IOException {
        MachineDocument m = machine();
        var a = m.allocation();
        return new MachineDocument(m.id(), new io.osimg.core.machine.Allocation(a.hostname(), a.role(), a.image(),
                a.sshPubKeys(), userData, a.networks(), a.dnsServers(), a.ntpServers(), a.vpn(), a.firewallRules(),
                a.filesystemLayout()), m.hardware());
    }

    @Test
    void theMountsComeInMetalHammersOrderWithEfivarsAfterSysAndTheMountPointsAreDirectoriesOfTheImage()
            throws IOException {
        Path root = root();
        List<String> ran = new ArrayList<>();
        RecordingRunner runner = new RecordingRunner(writingBootInfo(0, ran));

        BootInfo info = new ContractSteps(env(true), runner).configure(root, machine(), TargetDisks.rootOnly("u"), EventSink.NONE);

        assertThat(runner.mounts).containsExactly(SpecialMount.PROC, SpecialMount.SYS, SpecialMount.EFIVARS,
                SpecialMount.TMP, SpecialMount.DEV);
        assertThat(ran).containsExactly("/install.sh");
        assertThat(info).isEqualTo(new BootInfo("/boot/vmlinuz-6.1", "", "quiet", "deb"));
        assertThat(root.resolve("proc")).isDirectory();
        assertThat(root.resolve("sys")).isDirectory();
        assertThat(root.resolve("dev")).isDirectory();
        assertThat(root.resolve("tmp")).isDirectory();
    }

    @Test
    void withoutEfiThereIsNoEfivarsAndTheConsoleDefaultsToTtyS0() throws IOException {
        Path root = root();
        RecordingRunner runner = new RecordingRunner(writingBootInfo(0, new ArrayList<>()));

        new ContractSteps(env(false), runner).configure(root, machine(), TargetDisks.rootOnly("u"), EventSink.NONE);

        assertThat(runner.mounts).containsExactly(SpecialMount.PROC, SpecialMount.SYS, SpecialMount.TMP,
                SpecialMount.DEV);
        InstallConfig written = InstallConfig.fromYaml(Files.readString(root.resolve("etc/metal/install.yaml")));
        assertThat(written.console()).isEqualTo("ttyS0");
        assertThat(written.timestamp()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(written.password()).hasSize(16);
        assertThat(Files.getPosixFilePermissions(root.resolve("etc/metal/install.yaml")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(root.resolve("etc/metal")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theMountsAreTheContractsWithMetalHammersFlags() {
        assertThat(List.of(SpecialMount.PROC, SpecialMount.SYS, SpecialMount.EFIVARS, SpecialMount.TMP,
                SpecialMount.DEV))
                .extracting(m -> m.mountType() + " " + m.mountOptions() + " " + m.source() + " " + m.target())
                .containsExactly("proc nosuid,nodev,noexec proc proc", "sysfs nosuid,nodev,noexec sysfs sys",
                        "efivarfs nosuid,nodev,noexec efivarfs sys/firmware/efi/efivars",
                        "tmpfs defaults tmpfs tmp", "none bind /dev dev");
    }

    @Test
    void aMountPointThatIsASymlinkInTheImageFailsBeforeTheScriptRuns() throws IOException {
        Path root = root();
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("dev"), outside);
        RecordingRunner runner = new RecordingRunner(writingBootInfo(0, new ArrayList<>()));

        assertThatThrownBy(() -> new ContractSteps(env(false), runner).configure(root, machine(), TargetDisks.rootOnly("u"), EventSink.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("mounting /dev on " + root.toRealPath().resolve("dev") + ": ");
        assertThat(runner.ran).isEmpty();
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void aScriptRunnerFailureFailsTheStepAndKeepsTheScript() throws IOException {
        Path root = root();
        ScriptRunner broken = (r, s, m, o) -> {
            throw new IOException("cannot start chroot");
        };

        assertThatThrownBy(() -> new ContractSteps(env(true), broken)
                .configure(root, machine(), TargetDisks.rootOnly("u"), EventSink.NONE))
                .hasMessage("cannot start chroot");
        assertThat(root.resolve("install.sh")).exists();
    }

    @Test
    void installGoRunsWhenThereIsNoInstallShAndIsRemovedAfterwards() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("install-go"), "binary");
        List<String> ran = new ArrayList<>();

        new ContractSteps(env(false), writingBootInfo(0, ran))
                .configure(root, machine(), TargetDisks.rootOnly("u"), EventSink.NONE);

        assertThat(ran).containsExactly("/install-go");
        assertThat(root.resolve("install-go")).doesNotExist();
    }

    @Test
    void installGoWinsOverInstallShAsUnderMetalHammerAndOnlyItIsRemoved() throws IOException {
        Path root = root();
        Files.writeString(root.resolve("install-go"), "binary");
        RecordingRunner runner = new RecordingRunner(writingBootInfo(0, new ArrayList<>()));
        new ContractSteps(env(false), runner).configure(root, machine(), TargetDisks.rootOnly("u"), EventSink.NONE);
        assertThat(runner.ran).containsExactly("/install-go");
        assertThat(List.of(root.resolve("install-go"), root.resolve("install.sh")))
                .extracting(Files::exists).containsExactly(false, true);
    }

    @Test
    void diskJsonNamesTheRootEfiAndVarlibUuidsBeforeTheScriptRuns() throws IOException {
        Path root = root();
        LegacyDisk disk = new LegacyDisk(List.of(new LegacyDisk.Partition("root", "ext4", "0f0e-root"),
                new LegacyDisk.Partition("efi", "vfat", "ABCD-1234")));
        List<String> seen = new ArrayList<>();
        ScriptRunner reading = (r, s, m, o) -> {
            seen.add(Files.readString(r.resolve("etc/metal/disk.json")));
            return writingBootInfo(0, new ArrayList<>()).run(r, s, m, o);
        };

        new ContractSteps(env(false), reading).configure(root, machine(), new TargetDisks("0f0e-root", disk),
                EventSink.NONE);

        assertThat(seen).containsExactly(disk.toJson());
        assertThat(seen.getFirst()).contains("\"Label\": \"root\"", "\"UUID\": \"0f0e-root\"",
                "\"UUID\": \"ABCD-1234\"");
        assertThat(Files.getPosixFilePermissions(root.resolve("etc/metal/disk.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(InstallConfig.fromYaml(Files.readString(root.resolve("etc/metal/install.yaml"))).rootUuid())
                .isEqualTo("0f0e-root");
    }

    @Test
    void raidenabledComesFromTheDisksOsimgBuiltNotFromTheDocument() throws IOException {
        assertThat(machine().allocation().raidEnabled()).isFalse();
        Path root = root();
        new ContractSteps(env(false), writingBootInfo(0, new ArrayList<>())).configure(root, machine(),
                new TargetDisks("0f0e-root", LegacyDisk.empty(), true), EventSink.NONE);
        assertThat(InstallConfig.fromYaml(Files.readString(root.resolve("etc/metal/install.yaml"))).raidEnabled()).isTrue();

        Path other = root();
        new ContractSteps(env(false), writingBootInfo(0, new ArrayList<>())).configure(other, machine(),
                TargetDisks.rootOnly("0f0e-root"), EventSink.NONE);
        assertThat(InstallConfig.fromYaml(Files.readString(other.resolve("etc/metal/install.yaml"))).raidEnabled()).isFalse();
    }

    @Test
    void withoutDisksDiskJsonListsNoPartition() throws IOException {
        Path root = root();
        new ContractSteps(env(false), writingBootInfo(0, new ArrayList<>()))
                .configure(root, machine(), TargetDisks.rootOnly("u"), EventSink.NONE);
        assertThat(Files.readString(root.resolve("etc/metal/disk.json")))
                .isEqualTo("{\n  \"Device\": \"legacy\",\n  \"Partitions\": []\n}");
    }

    @Test
    void anImageWithoutScriptOrOsInstallerGoesToOsimgsOwnTasksWhichNeedItsOs() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        RecordingRunner runner = new RecordingRunner(writingBootInfo(0, new ArrayList<>()));

        assertThatThrownBy(() -> new ContractSteps(env(false), runner).configure(root, machine(), TargetDisks.rootOnly("u"), EventSink.NONE))
                .hasMessage(root.toRealPath() + ": the image has no /etc/os-release (nor /usr/lib/os-release), so its"
                        + " OS is unknown; os-installer.yaml's os_name can name it");
        assertThat(runner.ran).isEmpty();
        assertThat(root.resolve("etc/metal/machine-details.yaml")).isRegularFile();
        assertThat(root.resolve("etc/metal/machine-allocation.yaml")).isRegularFile();
    }

    @Test
    void anImageWhoseOsInstallerYamlLeavesOutBootInfoHasNothingToBootInADirectoryButFailsOnDisks() throws IOException {
        String yaml = "only: [write hostname, write /etc/hosts]\n";
        Path root = Files.createDirectories(dir.resolve("root/etc/metal")).getParent().getParent();
        Files.writeString(root.resolve("etc/os-release"), "ID=osimg-demo\nID_LIKE=debian\n");
        Files.writeString(root.resolve("etc/metal/os-installer.yaml"), yaml);
        RecordingRunner runner = new RecordingRunner(writingBootInfo(0, new ArrayList<>()));
        List<String> lines = new ArrayList<>();
        EventSink events = new EventSink() {
            @Override
            public void log(Phase phase, String line) {
                lines.add(line);
            }
        };

        BootInfo info = new ContractSteps(env(false), runner).configure(root, machine(), TargetDisks.rootOnly("u"), events);

        assertThat(info).isNull();
        assertThat(runner.ran).isEmpty();
        assertThat(lines).contains("osimg's OS installer: debian", "no /etc/metal/boot-info.yaml: the image's "
                + "os-installer.yaml leaves out the task 'write /etc/metal/boot-info.yaml', so this installation has "
                + "nothing to boot");
        assertThat(root.resolve("etc/hostname")).hasContent(machine().allocation().hostname());
        assertThat(root.resolve("etc/metal/install.yaml")).isRegularFile();

        Path onDisks = Files.createDirectories(dir.resolve("disks/etc/metal")).getParent().getParent();
        Files.writeString(onDisks.resolve("etc/os-release"), "ID=debian\n");
        Files.writeString(onDisks.resolve("etc/metal/os-installer.yaml"), yaml);
        LegacyDisk disk = new LegacyDisk(List.of(new LegacyDisk.Partition("root", "ext4", "0f0e-root")));
        assertThatThrownBy(() -> new ContractSteps(env(false), runner).configure(onDisks, machine(),
                new TargetDisks("0f0e-root", disk), EventSink.NONE))
                .hasMessage(onDisks.toRealPath() + "/etc/metal/boot-info.yaml: osimg's OS installer did not write it");
    }

    @Test
    void withoutScriptTheOsInstallerGetsTheContractFilesOfBothAgesRunsAndIsRemoved() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path program = Files.writeString(dir.resolve("os-installer"), "#!/bin/sh\necho configured\n");
        List<String> seen = new ArrayList<>();
        ScriptRunner reading = (r, s, m, o) -> {
            seen.add(s + " " + Files.readString(r.resolve(s.substring(1))).length());
            seen.add(Files.readString(r.resolve("etc/metal/machine-details.yaml")));
            seen.add(Files.readString(r.resolve("etc/metal/machine-allocation.yaml")));
            return writingBootInfo(0, new ArrayList<>()).run(r, s, m, o);
        };
        MachineDocument doc = machine();

        BootInfo info = new ContractSteps(env(false), reading).withConsolePassword("pw").withOsInstaller(program)
                .configure(root, doc, TargetDisks.rootOnly("root-uuid"), EventSink.NONE);

        assertThat(seen.getFirst()).isEqualTo("/os-installer " + Files.size(program));
        assertThat(MachineDetails.fromYaml(seen.get(1)))
                .isEqualTo(MachineDetails.fromMachine(doc, null, "root-uuid", "pw"));
        assertThat(MachineAllocationYaml.read(seen.get(2))).isEqualTo(doc.current().allocation());
        assertThat(root.resolve("etc/metal/install.yaml")).isRegularFile();
        assertThat(root.resolve("os-installer")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(root.resolve("etc/metal/machine-details.yaml")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(info.kernel()).isEqualTo("/boot/vmlinuz-6.1");
    }

    @Test
    void anImageScriptWinsOverTheOsInstaller() throws IOException {
        Path root = root();
        RecordingRunner runner = new RecordingRunner(writingBootInfo(0, new ArrayList<>()));
        new ContractSteps(env(false), runner).withOsInstaller(dir.resolve("os-installer"))
                .configure(root, machine(), TargetDisks.rootOnly("u"), EventSink.NONE);
        assertThat(runner.ran).containsExactly("/install.sh");
        assertThat(root.resolve("etc/metal/machine-details.yaml")).doesNotExist();
    }

    @Test
    void userDataThatIsNotBase64IsWrittenAsGivenAndNoneMeansNoFile() throws IOException {
        Path root = root();
        new ContractSteps(env(false), writingBootInfo(0, new ArrayList<>()))
                .configure(root, withUserData("#cloud-config\nhostname: plain\n"), TargetDisks.rootOnly("u"), EventSink.NONE);
        assertThat(Files.readString(root.resolve("etc/metal/userdata"))).isEqualTo("#cloud-config\nhostname: plain\n");

        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("install.sh"), "#!/bin/sh\n");
        new ContractSteps(env(false), writingBootInfo(0, new ArrayList<>()))
                .configure(other, withUserData(null), TargetDisks.rootOnly("u"), EventSink.NONE);
        assertThat(other.resolve("etc/metal/userdata")).doesNotExist();
    }

    @Test
    void lvmlocalIsCopiedOnlyIntoAnImageWithEtcLvm() throws IOException {
        Path source = Files.writeString(dir.resolve("lvmlocal.conf"), "local {}\n");
        HostEnvironment env = new HostEnvironment(dir.resolve("no-cmdline"), dir.resolve("efi"), Clock.systemUTC(),
                source);
        Path without = root();
        new ContractSteps(env, writingBootInfo(0, new ArrayList<>()))
                .configure(without, machine(), TargetDisks.rootOnly("u"), EventSink.NONE);
        assertThat(without.resolve("etc/lvm")).doesNotExist();

        Path with = Files.createDirectories(dir.resolve("with"));
        Files.writeString(with.resolve("install.sh"), "#!/bin/sh\n");
        Files.createDirectories(with.resolve("etc/lvm"));
        Files.writeString(with.resolve("etc/lvm/lvmlocal.conf"), "from the image\n");
        new ContractSteps(env, writingBootInfo(0, new ArrayList<>()))
                .configure(with, machine(), TargetDisks.rootOnly("u"), EventSink.NONE);
        assertThat(Files.readString(with.resolve("etc/lvm/lvmlocal.conf"))).isEqualTo("local {}\n");
    }

    @Test
    void anExistingInstallYamlIsReplacedAndASymlinkedEtcIsNotFollowed() throws IOException {
        Path root = root();
        Files.createDirectories(root.resolve("etc/metal"));
        Files.writeString(root.resolve("etc/metal/install.yaml"), "old");
        Files.setPosixFilePermissions(root.resolve("etc/metal/install.yaml"), PosixFilePermissions.fromString("rw-rw-rw-"));
        new ContractSteps(env(false), writingBootInfo(0, new ArrayList<>()))
                .configure(root, machine(), TargetDisks.rootOnly("u"), EventSink.NONE);
        assertThat(Files.readString(root.resolve("etc/metal/install.yaml"))).startsWith("hostname: worker-1\n");
        assertThat(Files.getPosixFilePermissions(root.resolve("etc/metal/install.yaml")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path evil = Files.createDirectories(dir.resolve("evil"));
        Files.writeString(evil.resolve("install.sh"), "#!/bin/sh\n");
        Files.createSymbolicLink(evil.resolve("etc"), outside);
        RecordingRunner runner = new RecordingRunner(writingBootInfo(0, new ArrayList<>()));
        assertThatThrownBy(() -> new ContractSteps(env(false), runner)
                .configure(evil, machine(), TargetDisks.rootOnly("u"), EventSink.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("writing " + evil.toRealPath().resolve("etc/metal/install.yaml") + " (no symbolic link is followed)");
        assertThat(outside).isEmptyDirectory();
        assertThat(runner.ran).isEmpty();
    }
}
