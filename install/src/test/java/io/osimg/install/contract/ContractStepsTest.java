package io.osimg.install.contract;

import io.osimg.core.install.BootInfo;
import io.osimg.core.install.InstallConfig;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract steps with a recording mounter and a script runner played by the test. */
class ContractStepsTest {

    @TempDir
    Path dir;

    /** Records mounts; mount points listed in {@code stuck} refuse every unmount. */
    static final class FakeMounter implements Mounter {
        final List<String> calls = new ArrayList<>();
        final Set<Path> mounted = new LinkedHashSet<>();
        final Set<Path> busy = new LinkedHashSet<>();
        final Set<Path> stuck = new LinkedHashSet<>();

        @Override
        public void mount(Path root, SpecialMount m) {
            calls.add("mount " + m.fstype() + " " + m.target());
            mounted.add(root.resolve(m.target()));
        }

        @Override
        public void unmount(Path mountPoint, boolean detach) throws IOException {
            calls.add((detach ? "detach " : "umount ") + mountPoint.getFileName());
            if (stuck.contains(mountPoint) || (!detach && busy.contains(mountPoint))) {
                throw new IOException(mountPoint + ": EBUSY");
            }
            mounted.remove(mountPoint);
        }

        @Override
        public List<Path> mountsUnder(Path d) {
            return mounted.stream().filter(p -> p.startsWith(d)).toList();
        }
    }

    /** A script runner that writes boot-info.yaml and kernel files, then exits with {@code exit}. */
    static ScriptRunner writingBootInfo(int exit, List<String> ran) {
        return (root, script, output) -> {
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
    void onEfiMachinesEfivarsIsMountedLastAndEverythingIsUnmountedInReverse() throws IOException {
        Path root = root();
        FakeMounter mounter = new FakeMounter();
        List<String> ran = new ArrayList<>();

        BootInfo info = new ContractSteps(env(true), mounter, writingBootInfo(0, ran))
                .configure(root, machine(), "u", EventSink.NONE);

        assertThat(mounter.calls).containsExactly("mount proc proc", "mount sysfs sys", "mount null dev",
                "mount efivarfs sys/firmware/efi/efivars",
                "umount efivars", "umount dev", "umount sys", "umount proc");
        assertThat(ran).containsExactly("/install.sh");
        assertThat(info).isEqualTo(new BootInfo("/boot/vmlinuz-6.1", "", "quiet", "deb"));
        assertThat(root.resolve("proc")).isDirectory();
        assertThat(root.resolve("dev")).isDirectory();
    }

    @Test
    void withoutEfiThereIsNoEfivarsAndTheConsoleDefaultsToTtyS0() throws IOException {
        Path root = root();
        FakeMounter mounter = new FakeMounter();

        new ContractSteps(env(false), mounter, writingBootInfo(0, new ArrayList<>()))
                .configure(root, machine(), "u", EventSink.NONE);

        assertThat(mounter.calls).noneMatch(c -> c.contains("efivars"));
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
    void aBusyMountIsDetachedLazilyAndAStuckOneFailsNamingIt() throws IOException {
        Path root = root();
        FakeMounter mounter = new FakeMounter();
        mounter.busy.add(root.toRealPath().resolve("dev"));

        new ContractSteps(env(false), mounter, writingBootInfo(0, new ArrayList<>()))
                .configure(root, machine(), "u", EventSink.NONE);
        assertThat(mounter.calls).contains("umount dev", "detach dev");
        assertThat(mounter.mounted).isEmpty();

        FakeMounter stuck = new FakeMounter();
        stuck.stuck.add(root.toRealPath().resolve("sys"));
        assertThatThrownBy(() -> new ContractSteps(env(false), stuck, writingBootInfo(0, new ArrayList<>()))
                .configure(root(), machine(), "u", EventSink.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("still mounted: [" + root.toRealPath().resolve("sys") + "]");
        assertThat(stuck.calls).contains("umount proc");
    }

    @Test
    void aScriptRunnerFailureStillUnmountsEverything() throws IOException {
        Path root = root();
        FakeMounter mounter = new FakeMounter();
        ScriptRunner broken = (r, s, o) -> {
            throw new IOException("cannot start chroot");
        };

        assertThatThrownBy(() -> new ContractSteps(env(true), mounter, broken)
                .configure(root, machine(), "u", EventSink.NONE))
                .hasMessage("cannot start chroot");
        assertThat(mounter.mounted).isEmpty();
        assertThat(root.resolve("install.sh")).exists();
    }

    @Test
    void installGoRunsWhenThereIsNoInstallShAndIsRemovedAfterwards() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("install-go"), "binary");
        List<String> ran = new ArrayList<>();

        new ContractSteps(env(false), new FakeMounter(), writingBootInfo(0, ran))
                .configure(root, machine(), "u", EventSink.NONE);

        assertThat(ran).containsExactly("/install-go");
        assertThat(root.resolve("install-go")).doesNotExist();
    }

    @Test
    void anImageWithoutScriptFailsBeforeMountingAnything() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        FakeMounter mounter = new FakeMounter();

        assertThatThrownBy(() -> new ContractSteps(env(false), mounter, writingBootInfo(0, new ArrayList<>()))
                .configure(root, machine(), "u", EventSink.NONE))
                .hasMessage(root.toRealPath() + ": the image has neither /install.sh nor /install-go");
        assertThat(mounter.calls).isEmpty();
    }

    @Test
    void userDataThatIsNotBase64IsWrittenAsGivenAndNoneMeansNoFile() throws IOException {
        Path root = root();
        new ContractSteps(env(false), new FakeMounter(), writingBootInfo(0, new ArrayList<>()))
                .configure(root, withUserData("#cloud-config\nhostname: plain\n"), "u", EventSink.NONE);
        assertThat(Files.readString(root.resolve("etc/metal/userdata"))).isEqualTo("#cloud-config\nhostname: plain\n");

        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("install.sh"), "#!/bin/sh\n");
        new ContractSteps(env(false), new FakeMounter(), writingBootInfo(0, new ArrayList<>()))
                .configure(other, withUserData(null), "u", EventSink.NONE);
        assertThat(other.resolve("etc/metal/userdata")).doesNotExist();
    }

    @Test
    void lvmlocalIsCopiedOnlyIntoAnImageWithEtcLvm() throws IOException {
        Path source = Files.writeString(dir.resolve("lvmlocal.conf"), "local {}\n");
        HostEnvironment env = new HostEnvironment(dir.resolve("no-cmdline"), dir.resolve("efi"), Clock.systemUTC(),
                source);
        Path without = root();
        new ContractSteps(env, new FakeMounter(), writingBootInfo(0, new ArrayList<>()))
                .configure(without, machine(), "u", EventSink.NONE);
        assertThat(without.resolve("etc/lvm")).doesNotExist();

        Path with = Files.createDirectories(dir.resolve("with"));
        Files.writeString(with.resolve("install.sh"), "#!/bin/sh\n");
        Files.createDirectories(with.resolve("etc/lvm"));
        Files.writeString(with.resolve("etc/lvm/lvmlocal.conf"), "from the image\n");
        new ContractSteps(env, new FakeMounter(), writingBootInfo(0, new ArrayList<>()))
                .configure(with, machine(), "u", EventSink.NONE);
        assertThat(Files.readString(with.resolve("etc/lvm/lvmlocal.conf"))).isEqualTo("local {}\n");
    }

    @Test
    void anExistingInstallYamlIsReplacedAndASymlinkedEtcIsNotFollowed() throws IOException {
        Path root = root();
        Files.createDirectories(root.resolve("etc/metal"));
        Files.writeString(root.resolve("etc/metal/install.yaml"), "old");
        Files.setPosixFilePermissions(root.resolve("etc/metal/install.yaml"), PosixFilePermissions.fromString("rw-rw-rw-"));
        new ContractSteps(env(false), new FakeMounter(), writingBootInfo(0, new ArrayList<>()))
                .configure(root, machine(), "u", EventSink.NONE);
        assertThat(Files.readString(root.resolve("etc/metal/install.yaml"))).startsWith("hostname: worker-1\n");
        assertThat(Files.getPosixFilePermissions(root.resolve("etc/metal/install.yaml")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path evil = Files.createDirectories(dir.resolve("evil"));
        Files.writeString(evil.resolve("install.sh"), "#!/bin/sh\n");
        Files.createSymbolicLink(evil.resolve("etc"), outside);
        FakeMounter mounter = new FakeMounter();
        assertThatThrownBy(() -> new ContractSteps(env(false), mounter, writingBootInfo(0, new ArrayList<>()))
                .configure(evil, machine(), "u", EventSink.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("writing " + evil.toRealPath().resolve("etc/metal/install.yaml") + " (no symbolic link is followed)");
        assertThat(outside).isEmptyDirectory();
        assertThat(mounter.calls).isEmpty();
    }
}
