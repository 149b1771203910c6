package io.osimg.install.contract;

import io.osimg.core.install.BootInfo;
import io.osimg.core.install.MachineAllocationYaml;
import io.osimg.core.install.MachineDetails;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A scriptless image configured by {@code --os-installer}: a static shell script run by busybox-static inside the
 * target plays metal-stack's os-installer and records what it sees.
 */
class OsInstallerIT {

    /** Records the contract files and its situation, writes boot-info.yaml, exits with EXIT. */
    private static final String RECORDING_OS_INSTALLER = """
            #!/bin/sh
            mkdir -p /record
            id -u > /record/uid
            id -g > /record/gid
            cat /proc/self/mountinfo > /record/mountinfo
            cp /etc/metal/machine-details.yaml /etc/metal/machine-allocation.yaml /etc/metal/install.yaml /record/
            readlink /proc/$$/exe > /record/exe
            echo "$0" > /record/argv0
            mkdir -p /boot
            echo kernel-bytes > /boot/vmlinuz
            printf 'kernel: /boot/vmlinuz\\ninitrd: ""\\ncmdline: console=ttyS1,115200n8\\nbootloader_id: metal-test\\n' \\
                > /etc/metal/boot-info.yaml
            echo "os-installer done"
            exit EXIT
            """;

    private Path work;
    private Path cmdline;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("osimg-os-installer-it");
        cmdline = Files.writeString(work.resolve("cmdline"), "console=ttyS1,115200n8\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        TestImage.cleanUp(work);
    }

    private Path scriptlessImage() throws Exception {
        Path root = TestImage.create(work, "#!/bin/sh\n");
        Files.delete(root.resolve("install.sh"));
        return root;
    }

    private ContractSteps steps(int exit) throws IOException {
        Path program = Files.writeString(work.resolve("os-installer-" + exit),
                RECORDING_OS_INSTALLER.replace("EXIT", Integer.toString(exit)));
        HostEnvironment env = new HostEnvironment(cmdline, work.resolve("no-efi"),
                Clock.fixed(Instant.parse("2026-12-02T18:00:00Z"), ZoneOffset.UTC), work.resolve("no-lvmlocal"));
        return new ContractSteps(env, ScriptRunner.chroot()).withConsolePassword("s3cret").withOsInstaller(program);
    }

    private static MachineDocument machine(String resource) throws IOException {
        try (InputStream in = OsInstallerIT.class.getResourceAsStream(resource)) {
            return MachineDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theOsInstallerRunsChrootedAsRootWithTheKernelFileSystemsAndReadsBothFilesBack() throws Exception {
        Path root = scriptlessImage();
        MachineDocument doc = machine("/machine.json");

        BootInfo info = steps(0).configure(root, doc, TargetDisks.rootOnly("root-uuid"), EventSink.NONE);

        Path record = root.resolve("record");
        assertThat(Files.readString(record.resolve("uid")).strip()).isEqualTo("0");
        assertThat(Files.readString(record.resolve("gid")).strip()).isEqualTo("0");
        assertThat(Files.readString(record.resolve("argv0")).strip()).isEqualTo("/os-installer");
        List<String> mountPoints = Files.readString(record.resolve("mountinfo")).lines()
                .map(l -> l.split(" ")[4]).toList();
        assertThat(mountPoints).contains("/proc", "/sys", "/tmp", "/dev");
        assertThat(MachineDetails.fromYaml(Files.readString(record.resolve("machine-details.yaml"))))
                .isEqualTo(MachineDetails.fromMachine(doc, "console=ttyS1,115200n8", "root-uuid", "s3cret"));
        assertThat(MachineAllocationYaml.read(Files.readString(record.resolve("machine-allocation.yaml"))))
                .isEqualTo(doc.current().allocation());
        assertThat(Files.readString(record.resolve("install.yaml"))).contains("hostname: worker-1\n",
                "root_uuid: root-uuid\n");
        assertThat(info).isEqualTo(new BootInfo("/boot/vmlinuz", "", "console=ttyS1,115200n8", "metal-test"));
        assertThat(root.resolve("os-installer")).doesNotExist();
        assertThat(TestImage.mountsUnder(root)).isEmpty();
    }

    @Test
    void itsExitCodeDecidesTheOutcome() throws Exception {
        Path root = scriptlessImage();

        assertThatThrownBy(() -> steps(3).configure(root, machine("/machine.json"), TargetDisks.rootOnly("u"),
                EventSink.NONE))
                .isInstanceOfSatisfying(InstallScriptException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessage(root.toRealPath() + "/os-installer exited with code 3");
        assertThat(TestImage.mountsUnder(root)).isEmpty();
    }
}
