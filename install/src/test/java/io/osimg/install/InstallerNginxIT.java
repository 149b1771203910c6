package io.osimg.install;

import io.osimg.transfer.CuttingProxy;
import io.osimg.transfer.NginxServer;

import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.install.BootInfo;
import io.osimg.core.machine.MachineDocument;
import io.osimg.install.events.EventSink;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferException;
import io.osimg.transfer.TransferOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-pass installer against a real nginx (Debian nginx-light) on 127.0.0.1 serving images built here. */
class InstallerNginxIT {

    private static final int BIG = 6 * 1024 * 1024;

    @TempDir
    static Path dir;
    private static NginxServer nginx;
    private static byte[] image;
    private static String md5;
    private static String sha512;
    private static String corruptMd5;

    @TempDir
    Path work;

    /** Records every call of the contract steps: they must run only on a verified image. */
    private final List<VerifiedImage> contractCalls = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void serveImages() throws Exception {
        Path www = dir.resolve("www");
        image = TestImages.lz4(TestImages.tar(BIG));
        md5 = TestImages.publish(www.resolve("20261120/debian/12"), image, true);
        sha512 = TestImages.hex("SHA-512", image);
        // the same checksums, one byte of the image flipped in the middle
        byte[] corrupt = image.clone();
        corrupt[corrupt.length / 2] ^= 0x5a;
        corruptMd5 = TestImages.hex("MD5", corrupt);
        TestImages.publish(www.resolve("20261121/debian/12"), image, true);
        Files.write(www.resolve("20261121/debian/12/img.tar.lz4"), corrupt);
        // checksum files but no image
        TestImages.publish(www.resolve("20261122/debian/12"), image, false);
        Files.delete(www.resolve("20261122/debian/12/img.tar.lz4"));
        nginx = NginxServer.start(Files.createDirectories(dir.resolve("nginx")), www);
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static URI url(int port, String release) {
        return URI.create("http://127.0.0.1:" + port + "/" + release + "/debian/12/img.tar.lz4");
    }

    private Installer installer(Fetcher fetcher) {
        ContractRunner spy = (verified, machine, events) -> {
            contractCalls.add(verified);
            // what an image's install.sh leaves: a kernel behind an absolute link, which must resolve in the image
            Path boot = Files.createDirectories(verified.target().resolve("boot"));
            Files.writeString(boot.resolve("vmlinuz-6.1"), "kernel");
            Files.createSymbolicLink(boot.resolve("vmlinuz"), Path.of("/boot/vmlinuz-6.1"));
            Files.writeString(boot.resolve("initrd.img"), "initrd");
            return BootInfo.fromYaml("kernel: /boot/vmlinuz\ninitrd: /boot/initrd.img\ncmdline: console=ttyS0\n");
        };
        return new Installer(fetcher, RootfsWriter.rootfs(w -> { }), spy, (img, plan) -> {
            throw new AssertionError("kexec must not run in these tests");
        }, EventSink.NONE, System::nanoTime);
    }

    private static Fetcher fetcher() {
        return new Fetcher(TransferOptions.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    private static MachineDocument machine() throws IOException {
        try (var in = InstallerNginxIT.class.getResourceAsStream("/machine.json")) {
            return MachineDocument.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void installsTheTreeWithContentModesAndOwnersAndVerifiesIt() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        try (Fetcher f = fetcher()) {
            Installer.Result r = installer(f).install(new Installer.Request(
                    ImageSource.of(null, List.of(url(nginx.port(), "20261120"))), root, machine(), null, false));

            assertThat(r.image().digests()).containsEntry(DigestAlgorithm.MD5, md5).containsEntry(DigestAlgorithm.SHA512, sha512);
            assertThat(r.image().bytes()).isEqualTo(image.length);
            assertThat(r.extracted().bytes()).isGreaterThanOrEqualTo(BIG);
            assertThat(r.boot().kernel()).isEqualTo(root.toRealPath().resolve("boot/vmlinuz-6.1"));
            assertThat(r.boot().initrd()).isEqualTo(root.toRealPath().resolve("boot/initrd.img"));
            assertThat(r.boot().cmdline()).isEqualTo("console=ttyS0");
        }
        assertThat(contractCalls).hasSize(1);
        assertThat(contractCalls.getFirst().target()).isEqualTo(root);
        assertThat(Files.readString(root.resolve("etc/motd"))).isEqualTo(TestImages.MOTD);
        assertThat(Files.readAllBytes(root.resolve("var/big.bin"))).isEqualTo(TestImages.random(BIG, 42));
        assertThat(mode(root.resolve("usr/bin/su"))).isEqualTo(04755);
        assertThat(mode(root.resolve("home/metal"))).isEqualTo(0700);
        assertThat(mode(root.resolve("var/big.bin"))).isEqualTo(0640);
        assertThat(Files.getAttribute(root.resolve("home/metal/.profile"), "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(root.resolve("home/metal/.profile"), "unix:gid")).isEqualTo(1000);
        assertThat(Files.getAttribute(root.resolve("var/big.bin"), "unix:gid")).isEqualTo(4);
        assertThat(Files.readSymbolicLink(root.resolve("etc/issue"))).isEqualTo(Path.of("motd"));
        assertThat(Files.isSameFile(root.resolve("usr/bin/su"), root.resolve("usr/bin/su-link"))).isTrue();
        assertThat(Files.getLastModifiedTime(root.resolve("etc/motd")).toInstant()).isEqualTo(TestImages.MTIME);
    }

    @Test
    void aMissingImageFailsNamingItAndLeavesTheTargetEmpty() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        URI missing = url(nginx.port(), "20261122");
        try (Fetcher f = fetcher()) {
            assertThatThrownBy(() -> installer(f).install(new Installer.Request(
                    ImageSource.of(null, List.of(missing)), root, machine(), null, false)))
                    .isInstanceOf(TransferException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("404");
        }
        assertThat(children(root)).isEmpty();
        assertThat(contractCalls).isEmpty();
    }

    @Test
    void aCorruptByteFailsWithBothDigestsWipesTheTargetAndNeverConfigures() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        Path keep = work.resolve("kept");
        URI corrupt = url(nginx.port(), "20261121");
        try (Fetcher f = fetcher()) {
            assertThatThrownBy(() -> installer(f).install(new Installer.Request(
                    ImageSource.of(null, List.of(corrupt)), root, machine(), keep, false)))
                    .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
                        assertThat(e.algorithm()).isEqualTo(DigestAlgorithm.MD5);
                        assertThat(e.expected()).isEqualTo(md5);
                        assertThat(e.actual()).isEqualTo(corruptMd5);
                        assertThat(e.getMessage()).contains(md5).contains(corruptMd5).contains(corrupt.toString());
                    });
        }
        assertThat(children(root)).isEmpty();
        assertThat(contractCalls).isEmpty();
        assertThat(root.resolve("installed-marker")).doesNotExist();
        assertThat(root.resolve("etc/metal/install.yaml")).doesNotExist();
        assertThat(children(keep)).isEmpty();
    }

    @Test
    void aDropMidDownloadIsResumedAndTheInstallVerifies() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        Path keep = work.resolve("kept");
        try (CuttingProxy proxy = new CuttingProxy(nginx.port(), image.length / 3, 2); Fetcher f = fetcher()) {
            Installer.Result r = installer(f).install(new Installer.Request(
                    ImageSource.of(null, List.of(url(proxy.port(), "20261120"))), root, null, keep, false));

            assertThat(r.image().digests()).containsEntry(DigestAlgorithm.MD5, md5).containsEntry(DigestAlgorithm.SHA512, sha512);
            assertThat(r.boot()).isNull();
            assertThat(proxy.requestHeads()).anyMatch(h -> h.contains("Range: bytes="));
        }
        assertThat(contractCalls).isEmpty();
        assertThat(Files.readAllBytes(root.resolve("var/big.bin"))).isEqualTo(TestImages.random(BIG, 42));
        assertThat(Files.readAllBytes(keep.resolve("img.tar.lz4"))).isEqualTo(image);
        assertThat(Files.readString(keep.resolve("img.tar.lz4.md5"))).isEqualTo(md5 + "  img.tar.lz4\n");
    }

    @Test
    void aTargetThatIsNotEmptyIsRefusedBeforeAnyRequest() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        Files.writeString(root.resolve("precious"), "keep me");
        try (Fetcher f = fetcher()) {
            assertThatThrownBy(() -> installer(f).install(new Installer.Request(
                    ImageSource.of(null, List.of(url(nginx.port(), "20261120"))), root, null, null, false)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not empty").hasMessageContaining("precious");
        }
        assertThat(Files.readString(root.resolve("precious"))).isEqualTo("keep me");
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static List<String> children(Path p) throws IOException {
        if (!Files.exists(p)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.map(c -> c.getFileName().toString()).toList();
        }
    }

    static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
