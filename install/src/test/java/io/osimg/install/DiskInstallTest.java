package io.osimg.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.machine.MachineDocument;
import io.osimg.install.disk.DiskCheckException;
import io.osimg.install.disk.DiskLayout;
import io.osimg.install.disk.DiskPreparer;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.Outcome;
import io.osimg.install.events.Phase;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which layout an installation onto disks takes, and what it reports before anything is written: devices that do
 * not exist fail the preparer's check, so nothing here touches a disk (the whole workflow on loop devices is in
 * {@code DiskInstallIT}).
 */
class DiskInstallTest {

    private static final String MISSING_A = "/dev/osimg-no-such-disk-a";
    private static final String MISSING_B = "/dev/osimg-no-such-disk-b";

    @TempDir
    Path dir;

    private final List<String> events = new ArrayList<>();
    private final EventSink sink = new EventSink() {
        @Override
        public void phaseStarted(Phase phase) {
            events.add("started " + phase);
        }

        @Override
        public void phaseFinished(Phase phase, Duration took, String error) {
            events.add("finished " + phase + (error == null ? "" : ": " + error));
        }

        @Override
        public void warning(String message) {
            events.add("warning " + message);
        }
    };

    private static String resource(String name) throws IOException {
        try (InputStream in = DiskInstallTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static MachineDocument machineWithLayout() throws IOException {
        return MachineDocument.parse(resource("/disk/machine.json"));
    }

    private Path twoDisksFile() throws IOException {
        return Files.writeString(dir.resolve("layout.yaml"), resource("/disk/layout-two-disks.yaml"));
    }

    @Test
    void aLayoutFileWinsOverTheMachinesLayout() throws IOException {
        DiskLayout chosen = DiskInstall.layout(twoDisksFile(), machineWithLayout());
        assertThat(chosen).isEqualTo(DiskLayout.parse(resource("/disk/layout-two-disks.yaml")));
        assertThat(chosen.disks()).extracting(DiskLayout.Disk::device).containsExactly("/dev/sda", "/dev/sdb");
    }

    @Test
    void withoutAFileTheMachinesFilesystemLayout() throws IOException {
        DiskLayout chosen = DiskInstall.layout(null, machineWithLayout());
        assertThat(chosen).isEqualTo(DiskLayout.fromMachine(machineWithLayout()).orElseThrow());
        assertThat(chosen.disks().getFirst().partitions().getFirst().sizeMiB()).isEqualTo(500);
    }

    @Test
    void withNeitherTheDefaultLayoutOnSda() throws IOException {
        assertThat(DiskInstall.layout(null, null)).isEqualTo(DiskLayout.defaultLayout("/dev/sda"));
        MachineDocument noLayout = MachineDocument.parse(resource("/disk/machine.json")
                .replaceFirst("\"filesystemlayout\"", "\"no-filesystemlayout\""));
        assertThat(DiskLayout.fromMachine(noLayout)).isEmpty();
        assertThat(DiskInstall.layout(null, noLayout)).isEqualTo(DiskLayout.defaultLayout("/dev/sda"));
    }

    @Test
    void aMissingLayoutFileFailsNamingIt() {
        Path missing = dir.resolve("no-such-layout.yaml");
        assertThatThrownBy(() -> DiskInstall.layout(missing, null)).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void theOutcomeNamesTheMappedDevicesBeforeTheyAreChecked() throws IOException {
        Outcome.Builder outcome = new Outcome.Builder().target(Outcome.Target.disks(List.of("/dev/sdb=" + MISSING_B, MISSING_A)));
        DiskInstall.Request request = new DiskInstall.Request(ImageSource.ofFile(null, dir.resolve("img.tar.lz4")), null,
                twoDisksFile(), List.of("/dev/sdb=" + MISSING_B, MISSING_A), dir.resolve("boot"), false, null, true);
        try (Fetcher fetcher = new Fetcher(TransferOptions.defaults())) {
            DiskInstall install = new DiskInstall(fetcher, DiskPreparer.system(), uuid -> {
                throw new AssertionError("no contract steps before the disks are prepared");
            }, (image, plan) -> {
                throw new AssertionError("no kexec");
            }, sink, System::nanoTime);
            assertThatThrownBy(() -> install.install(request, outcome)).isInstanceOfSatisfying(DiskCheckException.class,
                    e -> assertThat(e.problems()).startsWith(MISSING_A + ": no such device", MISSING_B + ": no such device"));
        }
        Outcome failed = outcome.failed("x", 1, Duration.ZERO);
        assertThat(failed.target().disks()).containsExactly(MISSING_A, MISSING_B);
        assertThat(failed.target().root()).isNull();
        assertThat(failed.digests()).isEmpty();
        assertThat(events).hasSize(2);
        assertThat(events.getFirst()).isEqualTo("started " + Phase.PARTITION);
        assertThat(events.get(1)).startsWith("finished " + Phase.PARTITION + ": checking the disks before partitioning: ")
                .contains(MISSING_A).contains(MISSING_B);
        assertThat(dir.resolve("boot")).doesNotExist();
    }

    @Test
    void aBadDeviceMapFailsBeforeTheDisksAreTouched() throws IOException {
        Outcome.Builder outcome = new Outcome.Builder();
        DiskInstall.Request request = new DiskInstall.Request(ImageSource.ofFile(null, dir.resolve("img.tar.lz4")), null,
                null, List.of(MISSING_A, MISSING_B), null, false, null, false);
        try (Fetcher fetcher = new Fetcher(TransferOptions.defaults())) {
            DiskInstall install = new DiskInstall(fetcher, DiskPreparer.system(), uuid -> {
                throw new AssertionError("no contract steps");
            }, (image, plan) -> {
                throw new AssertionError("no kexec");
            }, sink, System::nanoTime);
            assertThatThrownBy(() -> install.install(request, outcome)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--disk: 2 disks given but the layout has 1 ([/dev/sda])");
        }
        assertThat(outcome.failed("x", 2, Duration.ZERO).target()).isNull();
        assertThat(events).isEmpty();
    }

    @Test
    void anImageTheTrustPolicyRefusesFailsBeforeAnyDiskIsChecked() throws Exception {
        Path img = dir.resolve("20261207/debian/12/img.tar.lz4");
        TestImages.publish(img.getParent(), TestImages.lz4(TestImages.tar(1024)), true);
        Path key = io.osimg.trust.OpenSsl.p256(dir.resolve("ec.pem"));
        io.osimg.trust.TrustPolicy trust = io.osimg.trust.TrustPolicy.parse(key + ".pub", Files.readAllBytes(Path.of(key + ".pub")));
        DiskInstall.Request request = new DiskInstall.Request(ImageSource.ofFile(null, img), null, twoDisksFile(),
                List.of(MISSING_A, MISSING_B), null, false, null, false, false, trust);
        try (Fetcher fetcher = new Fetcher(TransferOptions.defaults())) {
            DiskInstall install = new DiskInstall(fetcher, DiskPreparer.system(), uuid -> {
                throw new AssertionError("no contract steps");
            }, (image, plan) -> {
                throw new AssertionError("no kexec");
            }, sink, System::nanoTime);
            assertThatThrownBy(() -> install.install(request, new Outcome.Builder()))
                    .isInstanceOf(io.osimg.trust.UntrustedImageException.class)
                    .hasMessageStartingWith(img + ": not signed");
        }
        assertThat(events).as("the disks were not even checked").isEmpty();
    }

    @Test
    void theInitramfsIsRebuiltWithTheImagesOwnTool(@org.junit.jupiter.api.io.TempDir Path root) throws IOException {
        assertThat(DiskInstall.initramfsCommand(root)).isEmpty();
        Path dracut = Files.createDirectories(root.resolve("usr/bin")).resolve("dracut");
        Files.writeString(dracut, "#!/bin/sh\n");
        dracut.toFile().setExecutable(true);
        assertThat(DiskInstall.initramfsCommand(root)).contains(List.of("dracut", "--regenerate-all", "--force"));
        Path update = Files.createDirectories(root.resolve("usr/sbin")).resolve("update-initramfs");
        Files.writeString(update, "#!/bin/sh\n");
        update.toFile().setExecutable(true);
        assertThat(DiskInstall.initramfsCommand(root)).contains(List.of("update-initramfs", "-u", "-k", "all"));
    }
}
