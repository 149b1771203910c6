package io.osimg.install.contract;

import io.osimg.core.install.BootInfo;
import io.osimg.core.install.InstallConfig;
import io.osimg.core.install.LegacyDisk;
import io.osimg.core.machine.MachineDocument;
import io.osimg.core.machine.MachineNic;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract steps with real mounts and a real chroot into a busybox image built by the test. */
class ContractStepsIT {

    private static final String RECORDING_SCRIPT = """
            #!/bin/sh
            set -e
            mkdir -p /record
            ls / > /record/ls
            id -u > /record/uid
            id -g > /record/gid
            cat /proc/self/mountinfo > /record/mountinfo
            cp /etc/metal/install.yaml /record/install.yaml
            stat -c %a /etc/metal/install.yaml > /record/install.yaml.mode
            cp /etc/metal/userdata /record/userdata
            stat -c %a /etc/metal/userdata > /record/userdata.mode
            cp /etc/lvm/lvmlocal.conf /record/lvmlocal.conf
            cp /etc/metal/disk.json /record/disk.json
            echo scratch > /tmp/left-by-the-script
            env > /record/env
            stat -L -c %d:%i / > /record/root.id
            stat -L -c %d:%i /proc/1/root/. > /record/pid1-root.id
            readlink /proc/$$/root > /record/own-root
            mkdir -p /boot
            echo kernel-bytes > /boot/vmlinuz
            echo initrd-bytes > /boot/initrd.img
            cat > /etc/metal/boot-info.yaml <<EOF
            kernel: /boot/vmlinuz
            initrd: /boot/initrd.img
            cmdline: console=ttyS1,115200n8 root=UUID=5d8f1c2a
            bootloader_id: osimg-test
            EOF
            echo "install.sh done"
            echo "on stderr" >&2
            """;

    private static final Instant NOW = Instant.parse("2026-11-26T10:15:30Z");

    private Path work;
    private Path cmdline;
    private Path lvmlocal;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("osimg-contract-it");
        cmdline = Files.writeString(work.resolve("cmdline"), "BOOT_IMAGE=/vmlinuz console=ttyS1,115200n8 quiet\n");
        lvmlocal = Files.writeString(work.resolve("lvmlocal.conf"), "global {\n  system_id_source = \"none\"\n}\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        TestImage.cleanUp(work);
    }

    private ContractSteps steps() {
        return steps(work.resolve("no-efi"));
    }

    private ContractSteps steps(Path efiDir) {
        HostEnvironment env = new HostEnvironment(cmdline, efiDir, Clock.fixed(NOW, ZoneOffset.UTC), lvmlocal);
        return new ContractSteps(env, ScriptRunner.chroot()).withConsolePassword("s3cret-pw");
    }

    private static MachineDocument machine() throws IOException {
        try (InputStream in = ContractStepsIT.class.getResourceAsStream("/machine.json")) {
            return MachineDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void runsTheScriptChrootedAsRootWithProcSysDevMountedAndTheContractFilesWritten() throws Exception {
        Path root = TestImage.create(work, RECORDING_SCRIPT);
        RecordingSink events = new RecordingSink();
        events.watch = root.toRealPath();

        BootInfo info = steps().configure(root, machine(), TargetDisks.rootOnly("5d8f1c2a-0000-4000-8000-000000000001"), events);

        Path record = root.resolve("record");
        assertThat(Files.readString(record.resolve("uid")).strip()).isEqualTo("0");
        assertThat(Files.readString(record.resolve("gid")).strip()).isEqualTo("0");
        assertThat(Files.readString(record.resolve("ls")).lines().toList())
                .contains("bin", "dev", "etc", "install.sh", "proc", "sys", "record");
        List<String[]> mounts = Files.readString(record.resolve("mountinfo")).lines().map(l -> l.split(" ")).toList();
        assertThat(mounts).anySatisfy(f -> assertThat(List.of(f[4], fsType(f))).containsExactly("/proc", "proc"));
        assertThat(mounts).anySatisfy(f -> assertThat(List.of(f[4], fsType(f))).containsExactly("/sys", "sysfs"));
        assertThat(mounts).anySatisfy(f -> assertThat(f[4]).isEqualTo("/dev"));
        assertThat(mounts).anySatisfy(f -> assertThat(List.of(f[4], fsType(f))).containsExactly("/tmp", "tmpfs"));
        // metal-hammer's order: proc, sys, (efivarfs,) tmp, dev
        assertThat(mounts.stream().map(f -> f[4]).filter(List.of("/proc", "/sys", "/tmp", "/dev")::contains).toList())
                .containsExactly("/proc", "/sys", "/tmp", "/dev");
        assertThat(root.resolve("tmp/left-by-the-script")).doesNotExist();
        assertThat(Files.readString(record.resolve("disk.json"))).isEqualTo(LegacyDisk.empty().toJson());

        InstallConfig seen = InstallConfig.fromYaml(Files.readString(record.resolve("install.yaml")));
        assertThat(seen.hostname()).isEqualTo("worker-1");
        assertThat(seen.role()).isEqualTo("machine");
        assertThat(seen.machineUuid()).isEqualTo("00000000-0000-0000-0000-0cc47ae54a16");
        assertThat(seen.sshPublicKey()).isEqualTo("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIhLhxQwOgAaJmqZ9njCdfNw2"
                + "+LTm24CwUTay6ZYlJBQ admin@example.org");
        assertThat(seen.console()).isEqualTo("ttyS1,115200n8");
        assertThat(seen.nics()).extracting(MachineNic::name).containsExactly("lan0", "lan1");
        assertThat(seen.rootUuid()).isEqualTo("5d8f1c2a-0000-4000-8000-000000000001");
        assertThat(seen.timestamp()).isEqualTo("2026-11-26T10:15:30Z");
        assertThat(seen.password()).isEqualTo("s3cret-pw");
        assertThat(seen.networks()).hasSize(2);
        assertThat(Files.readString(record.resolve("install.yaml.mode")).strip()).isEqualTo("600");
        assertThat(Files.readString(record.resolve("userdata"))).isEqualTo("#cloud-config\nhostname: worker-1\n");
        assertThat(Files.readString(record.resolve("userdata.mode")).strip()).isEqualTo("600");
        assertThat(Files.readString(record.resolve("lvmlocal.conf"))).isEqualTo(Files.readString(lvmlocal));
        // the script can tell it runs chrooted (ischroot, systemd), and its /proc agrees with its process ID
        assertThat(Files.readString(record.resolve("pid1-root.id"))).isNotBlank()
                .isNotEqualTo(Files.readString(record.resolve("root.id")));
        assertThat(Files.readString(record.resolve("own-root")).strip()).isEqualTo("/");
        assertThat(Files.readString(record.resolve("env")).lines().toList())
                .contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root",
                        "LANG=C.UTF-8")
                .noneMatch(l -> l.startsWith("JAVA_HOME=") || l.startsWith("MAVEN") || l.startsWith("USER="));

        assertThat(info).isEqualTo(new BootInfo("/boot/vmlinuz", "/boot/initrd.img",
                "console=ttyS1,115200n8 root=UUID=5d8f1c2a", "osimg-test"));
        assertThat(root.resolve("install.sh")).doesNotExist();
        assertThat(TestImage.mountsUnder(root)).isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(root.toRealPath().toString());

        assertThat(events.logs).contains("INSTALL_SCRIPT install.sh done", "INSTALL_SCRIPT on stderr",
                "INSTALL_SCRIPT mounted /dev on " + root.toRealPath().resolve("dev"));
        // while the script ran, its mounts were only in its own namespace, never in the installer's
        assertThat(events.mountsSeen).hasSizeGreaterThan(5).allSatisfy(m -> assertThat(m).isEmpty());
        assertThat(events.phases).containsExactly("start CONFIGURE", "end CONFIGURE ok", "start INSTALL_SCRIPT",
                "end INSTALL_SCRIPT ok");

        // what boot-info.yaml names resolves inside the image to what the script wrote
        assertThat(Files.readString(ImagePath.resolveFile(root.toRealPath(), info.kernel(), "kernel"))).isEqualTo("kernel-bytes\n");
        assertThat(Files.readString(ImagePath.resolveFile(root.toRealPath(), info.initrd(), "initrd"))).isEqualTo("initrd-bytes\n");
    }

    private static String fsType(String[] fields) {
        for (int i = 0; i < fields.length - 1; i++) {
            if (fields[i].equals("-")) {
                return fields[i + 1];
            }
        }
        return "";
    }

    @Test
    void aFailingScriptFailsWithItsExitCodeAndLeavesNoMount() throws Exception {
        Path root = TestImage.create(work, "#!/bin/sh\necho about to fail\nexit 3\n");
        RecordingSink events = new RecordingSink();

        assertThatThrownBy(() -> steps().configure(root, machine(), TargetDisks.rootOnly("uuid"), events))
                .isInstanceOfSatisfying(InstallScriptException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessageContaining("install.sh exited with code 3");

        assertThat(TestImage.mountsUnder(root)).isEmpty();
        assertThat(events.logs).contains("INSTALL_SCRIPT about to fail");
        assertThat(events.phases).last().asString().startsWith("end INSTALL_SCRIPT failed");
    }

    @Test
    void aScriptThatWritesNoBootInfoFailsClearlyAndLeavesNoMount() throws Exception {
        Path root = TestImage.create(work, "#!/bin/sh\necho nothing written\n");

        assertThatThrownBy(() -> steps().configure(root, machine(), TargetDisks.rootOnly("uuid"), EventSink.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage(root.toRealPath() + "/etc/metal/boot-info.yaml: the image's install.sh did not write it");

        assertThat(TestImage.mountsUnder(root)).isEmpty();
    }

    @Test
    void aBootInfoKernelEscapingTheTargetIsRejectedNamingThePath() throws Exception {
        Path root = TestImage.create(work, """
                #!/bin/sh
                echo 'kernel: ../../etc/shadow' > /etc/metal/boot-info.yaml
                """);

        assertThatThrownBy(() -> steps().configure(root, machine(), TargetDisks.rootOnly("uuid"), EventSink.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("kernel ../../etc/shadow escapes the image root");
        assertThat(TestImage.mountsUnder(root)).isEmpty();
    }

    @Test
    void aBootInfoKernelSymlinkPointingOutsideIsRejectedNamingThePath() throws Exception {
        Path root = TestImage.create(work, """
                #!/bin/sh
                mkdir -p /boot
                ln -s ../../../../../../etc/shadow /boot/vmlinuz
                printf 'kernel: /boot/vmlinuz\\ninitrd: ""\\n' > /etc/metal/boot-info.yaml
                """);

        assertThatThrownBy(() -> steps().configure(root, machine(), TargetDisks.rootOnly("uuid"), EventSink.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("kernel /boot/vmlinuz escapes the image root");
        assertThat(TestImage.mountsUnder(root)).isEmpty();
    }

    @Test
    void whatTheScriptLeftRunningEndsWithIt() throws Exception {
        String mark = "OSIMG_CONTRACT_IT=" + UUID.randomUUID();
        Path root = TestImage.create(work, """
                #!/bin/sh
                if [ -z "$OSIMG_CONTRACT_IT" ]; then
                    export %s
                    exec /bin/sh "$0"
                fi
                sleep 3600 &
                echo 'kernel: /bin/busybox' > /etc/metal/boot-info.yaml
                """.formatted(mark));
        try {
            steps().configure(root, machine(), TargetDisks.rootOnly("uuid"), EventSink.NONE);

            assertThat(processesWith(mark)).isEmpty();
            assertThat(TestImage.mountsUnder(root)).isEmpty();
        } finally {
            for (long pid : processesWith(mark)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aMountThatFailsIsReportedAsSuchAndTheScriptDoesNotRun() throws Exception {
        // an EFI directory that the kernel's sysfs does not have: efivarfs cannot be mounted
        Path efi = Files.createDirectories(work.resolve("efi"));
        Path root = TestImage.create(work, "#!/bin/sh\ntouch /ran\n");
        RecordingSink events = new RecordingSink();

        assertThatThrownBy(() -> steps(efi).configure(root, machine(), TargetDisks.rootOnly("uuid"), events))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(InstallScriptException.class)
                .hasMessageStartingWith("mounting the special file systems in " + root.toRealPath() + " for /install.sh"
                        + " failed (exit ")
                .hasMessageEndingWith("mounting efivarfs on " + root.toRealPath().resolve("sys/firmware/efi/efivars")
                        + " failed");
        assertThat(root.resolve("ran")).doesNotExist();
        assertThat(root.resolve("install.sh")).exists();
        assertThat(TestImage.mountsUnder(root)).isEmpty();
        assertThat(events.logs).contains("INSTALL_SCRIPT mounted sysfs on " + root.toRealPath().resolve("sys"));
    }

    /** The processes whose environment holds {@code mark}. */
    private static List<Long> processesWith(String mark) throws IOException {
        byte[] needle = mark.getBytes(StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String environ = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.ISO_8859_1);
                    if (environ.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return pids;
    }

    /** Records phases and log lines; with {@link #watch} also what the installer's mount table holds below it at each line. */
    static final class RecordingSink implements EventSink {
        volatile Path watch;
        final List<List<Path>> mountsSeen = Collections.synchronizedList(new ArrayList<>());
        final List<String> phases = Collections.synchronizedList(new ArrayList<>());
        final List<String> logs = Collections.synchronizedList(new ArrayList<>());
        final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void phaseStarted(Phase phase) {
            phases.add("start " + phase);
        }

        @Override
        public void phaseFinished(Phase phase, java.time.Duration took, String error) {
            phases.add("end " + phase + (error == null ? " ok" : " failed: " + error));
        }

        @Override
        public void log(Phase phase, String line) {
            logs.add(phase + " " + line);
            if (watch != null) {
                try {
                    mountsSeen.add(TestImage.mountsUnder(watch));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void warning(String message) {
            warnings.add(message);
        }
    }
}
