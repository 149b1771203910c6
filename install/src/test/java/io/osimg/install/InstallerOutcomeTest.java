package io.osimg.install;

import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.install.BootInfo;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.JsonLinesSink;
import io.osimg.install.events.Outcome;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an installation records for the {@code result} event, and that event as JSON, for a small image in a file. */
class InstallerOutcomeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
    private final JsonLinesSink sink = new JsonLinesSink(lines, true, CLOCK);

    /** What install.sh would leave and boot-info.yaml would name; the real steps run in ContractStepsIT. */
    private static final ContractRunner BOOT_INFO = (verified, machine, events) -> {
        Path boot = Files.createDirectories(verified.target().resolve("boot"));
        Files.writeString(boot.resolve("vmlinuz-6.1"), "kernel");
        Files.writeString(boot.resolve("initrd.img"), "initrd");
        return BootInfo.fromYaml("kernel: /boot/vmlinuz-6.1\ninitrd: /boot/initrd.img\ncmdline: console=ttyS0\n");
    };

    private Installer installer(Fetcher fetcher) {
        return new Installer(fetcher, RootfsWriter.rootfs(w -> { }), BOOT_INFO, (img, plan) -> {
            throw new AssertionError("kexec must not run in these tests");
        }, sink, System::nanoTime);
    }

    private static MachineDocument machine() throws IOException {
        try (var in = InstallerOutcomeTest.class.getResourceAsStream("/machine.json")) {
            return MachineDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private String lastLine() {
        List<String> all = lines.toString(StandardCharsets.UTF_8).lines().toList();
        return all.getLast();
    }

    @Test
    void aVerifiedConfiguredImageGivesSizesDigestsAndTheKernel() throws Exception {
        byte[] tar = TestImages.tar(4096);
        byte[] image = TestImages.lz4(tar);
        Path img = dir.resolve("images/20261120/debian/12/img.tar.lz4");
        String md5 = TestImages.publish(img.getParent(), image, true);
        Path root = Files.createDirectories(dir.resolve("root"));
        Outcome.Builder outcome = new Outcome.Builder()
                .image(new Outcome.Image(null, img.toString(), "debian-12.0.20261120"))
                .target(Outcome.Target.root(root.toString()));
        try (Fetcher f = new Fetcher(TransferOptions.defaults())) {
            installer(f).install(new Installer.Request(ImageSource.ofFile("debian-12.0.20261120", img), root, machine(),
                    null, false), outcome);
        }
        sink.result(outcome.succeeded(false, Duration.ofMillis(1500)));

        Path real = root.toRealPath();
        assertThat(lastLine()).isEqualTo("{\"time\":\"2026-11-20T10:00:00Z\",\"event\":\"result\",\"ok\":true,\"exit_code\":0,"
                + "\"image\":{\"path\":\"" + img + "\",\"id\":\"debian-12.0.20261120\"},"
                + "\"compressed_bytes\":" + image.length + ",\"uncompressed_bytes\":" + tar.length + ","
                + "\"digests\":{\"md5\":\"" + md5 + "\",\"sha512\":\"" + TestImages.hex("SHA-512", image) + "\"},"
                + "\"target\":{\"root\":\"" + root + "\"},"
                + "\"kernel\":\"" + real.resolve("boot/vmlinuz-6.1") + "\",\"initrd\":\"" + real.resolve("boot/initrd.img")
                + "\",\"cmdline\":\"console=ttyS0\",\"kexec\":false,\"took_seconds\":1.5}");
    }

    @Test
    void anImageWithNothingToBootInstallsIntoADirectoryButNotWithKexec() throws Exception {
        byte[] image = TestImages.lz4(TestImages.tar(4096));
        Path img = dir.resolve("images/stable/demo/1.0/img.tar.lz4");
        TestImages.publish(img.getParent(), image, false);
        ContractRunner nothingToBoot = (verified, machine, events) -> null;
        try (Fetcher f = new Fetcher(TransferOptions.defaults())) {
            Installer installer = new Installer(f, RootfsWriter.rootfs(w -> { }), nothingToBoot, (i, plan) -> {
                throw new AssertionError("kexec must not run");
            }, sink, System::nanoTime);
            Path root = Files.createDirectories(dir.resolve("root"));
            Installer.Result r = installer.install(new Installer.Request(ImageSource.ofFile("demo-1.0", img), root,
                    machine(), null, false), new Outcome.Builder());
            assertThat(r.boot()).isNull();
            assertThat(root.resolve(".osimg-install")).doesNotExist();

            Path kexecRoot = Files.createDirectories(dir.resolve("kexec-root"));
            assertThatThrownBy(() -> installer.install(new Installer.Request(ImageSource.ofFile("demo-1.0", img),
                    kexecRoot, machine(), null, true), new Outcome.Builder()))
                    .isInstanceOf(IOException.class)
                    .hasMessage(img + ": --kexec, but the image wrote no /etc/metal/boot-info.yaml (its "
                            + "os-installer.yaml leaves the task out): nothing to boot");
        }
    }

    @Test
    void aCorruptByteGivesNeitherDigestsNorSizesNorKernel() throws Exception {
        byte[] image = TestImages.lz4(TestImages.tar(4096));
        Path img = dir.resolve("images/20261120/debian/12/img.tar.lz4");
        String md5 = TestImages.publish(img.getParent(), image, false);
        byte[] corrupt = image.clone();
        corrupt[corrupt.length / 2] ^= 0x5a;
        Files.write(img, corrupt);
        Path root = Files.createDirectories(dir.resolve("root"));
        Outcome.Builder outcome = new Outcome.Builder()
                .image(new Outcome.Image(null, img.toString(), null))
                .target(Outcome.Target.root(root.toString()));
        try (Fetcher f = new Fetcher(TransferOptions.defaults())) {
            assertThatThrownBy(() -> installer(f).install(new Installer.Request(ImageSource.ofFile(null, img), root,
                    machine(), null, false), outcome))
                    .isInstanceOfSatisfying(DigestMismatchException.class,
                            e -> sink.result(outcome.failed(e.getMessage(), 1, Duration.ofMillis(250))));
        }

        assertThat(lastLine()).isEqualTo("{\"time\":\"2026-11-20T10:00:00Z\",\"event\":\"result\",\"ok\":false,"
                + "\"error\":\"md5 of " + img + ": expected " + md5 + " but got " + TestImages.hex("MD5", corrupt) + "\","
                + "\"exit_code\":1,\"image\":{\"path\":\"" + img + "\"},\"target\":{\"root\":\"" + root + "\"},"
                + "\"kexec\":false,\"took_seconds\":0.25}");
    }

    @Test
    void aFailureAfterVerificationKeepsTheDigestsButHasNoKernel() throws Exception {
        byte[] image = TestImages.lz4(TestImages.tar(4096));
        Path img = dir.resolve("images/20261120/debian/12/img.tar.lz4");
        String md5 = TestImages.publish(img.getParent(), image, false);
        Path root = Files.createDirectories(dir.resolve("root"));
        ContractRunner failing = (verified, machine, events) -> {
            throw new IOException("chroot " + verified.target() + " /install.sh: exit 1");
        };
        Outcome.Builder outcome = new Outcome.Builder();
        try (Fetcher f = new Fetcher(TransferOptions.defaults())) {
            Installer installer = new Installer(f, RootfsWriter.rootfs(w -> { }), failing, (i, p) -> { }, sink, System::nanoTime);
            assertThatThrownBy(() -> installer.install(new Installer.Request(ImageSource.ofFile(null, img), root, machine(),
                    null, false), outcome)).hasMessageContaining("install.sh: exit 1");
        }
        Outcome o = outcome.failed("chroot: exit 1", 1, Duration.ZERO);

        assertThat(o.digests()).containsOnlyKeys("md5").containsEntry("md5", md5);
        assertThat(o.compressedBytes()).isEqualTo(image.length);
        assertThat(o.boot()).isNull();
        assertThat(o.kexec()).isFalse();
    }
}
