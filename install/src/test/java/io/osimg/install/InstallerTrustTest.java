package io.osimg.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.install.BootInfo;
import io.osimg.core.machine.MachineDocument;
import io.osimg.core.store.ImageFiles;
import io.osimg.install.events.EventSink;
import io.osimg.install.events.Phase;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import io.osimg.trust.Gpg;
import io.osimg.trust.TrustPolicy;
import io.osimg.trust.UntrustedImageException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install} with a trust policy, over HTTP from a server that records what was requested: a signature made
 * by the real {@code gpg --detach-sign --armor} over an image's sha512 file is accepted; every refusal happens
 * before the image is requested, leaves the target as it was and never runs the contract steps (install.sh).
 */
class InstallerTrustTest {

    @TempDir
    static Path keys;
    static Gpg gpg;
    static String release;
    static String stranger;
    static String expired;
    static Gpg revokedHome;
    static String revoked;

    @TempDir
    Path dir;
    private Path store;
    private HttpServer server;
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final AtomicInteger contractRuns = new AtomicInteger();
    private final List<String> logged = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeKeys() throws Exception {
        assumeTrue(Gpg.available(), "gpg is not installed");
        gpg = new Gpg(keys.resolve("gnupg"));
        release = gpg.generate("osimg release <release@example.org>", null, "1y", null);
        stranger = gpg.generate("Stranger <stranger@example.org>", null, "1y", null);
        expired = gpg.generate("Old release <old@example.org>", null, "1d", "20200101T000000!");
        revokedHome = new Gpg(keys.resolve("gnupg-revoked"));
        revoked = revokedHome.generate("Lost laptop <lost@example.org>", null, "1y", null);
    }

    @AfterAll
    static void stopAgents() {
        if (gpg != null) {
            gpg.close();
            revokedHome.close();
        }
    }

    @BeforeEach
    void serve() throws IOException {
        store = dir.resolve("store");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requested.add(path.substring(path.lastIndexOf('/') + 1));
            Path file = store.resolve(path.substring(1));
            try (exchange) {
                if (!Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Path image(String name, boolean flipAByte) throws IOException {
        byte[] image = TestImages.lz4(TestImages.tar(4096));
        Path d = store.resolve(name + "/debian/12");
        TestImages.publish(d, image, true);
        if (flipAByte) {
            image[image.length / 2] ^= 1;
            Files.write(d.resolve(ImageFiles.IMAGE), image);
        }
        return d;
    }

    private TrustPolicy policy(Gpg home, String... fprs) throws IOException {
        TrustPolicy p = TrustPolicy.empty(java.time.Clock.systemUTC());
        for (String fpr : fprs) {
            Path f = home.exportPublic(fpr, dir.resolve(fpr + ".asc"), true);
            p = p.with(f.toString(), Files.readAllBytes(f));
        }
        return p;
    }

    private Installer.Result install(Path imageDir, TrustPolicy trust, Path target) throws IOException {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"
                + store.relativize(imageDir.resolve(ImageFiles.IMAGE)));
        EventSink events = new EventSink() {
            @Override
            public void log(Phase phase, String line) {
                logged.add(line);
            }
        };
        ContractRunner contract = (verified, machine, ev) -> {
            contractRuns.incrementAndGet();
            Path boot = Files.createDirectories(verified.target().resolve("boot"));
            Files.writeString(boot.resolve("vmlinuz"), "kernel");
            return BootInfo.fromYaml("kernel: /boot/vmlinuz\ninitrd: \"\"\ncmdline: console=ttyS0\n");
        };
        try (Fetcher f = new Fetcher(TransferOptions.defaults().withMaxAttempts(1))) {
            return new Installer(f, RootfsWriter.rootfs(w -> { }), contract, (img, plan) -> {
                throw new AssertionError("no kexec here");
            }, events, System::nanoTime).install(new Installer.Request(ImageSource.of(null, List.of(url)), target,
                    machine(), null, false, false, trust));
        }
    }

    private static MachineDocument machine() throws IOException {
        try (var in = InstallerTrustTest.class.getResourceAsStream("/machine.json")) {
            return MachineDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private Path target() throws IOException {
        return Files.createDirectories(dir.resolve("target"));
    }

    private static List<String> children(Path target) throws IOException {
        try (Stream<Path> s = Files.list(target)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aGpgDetachedSignatureOverTheSha512IsAccepted() throws Exception {
        Path img = image("20261207", false);
        gpg.detachSign(release, null, img.resolve(ImageFiles.SHA512), null);
        Path target = target();
        Installer.Result r = install(img, policy(gpg, release, stranger), target);
        assertThat(r.image().digests()).isNotEmpty();
        assertThat(Files.readString(target.resolve("etc/motd"))).isEqualTo(TestImages.MOTD);
        assertThat(contractRuns).hasValue(1);
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("signed by key " + release.substring(24)
                + " (osimg release <release@example.org>) on ").endsWith("(img.tar.lz4.sha512.asc)"));
        // the signature came before the image
        assertThat(requested.indexOf(ImageFiles.SHA512_ASC)).isLessThan(requested.indexOf(ImageFiles.IMAGE));
    }

    private void assertRefusedUntouched(Path img, TrustPolicy trust, String... messageParts) throws IOException {
        Path target = target();
        Files.createDirectories(target.resolve("lost+found"));
        assertThatThrownBy(() -> install(img, trust, target))
                .isInstanceOf(UntrustedImageException.class)
                .hasMessageStartingWith("http://127.0.0.1:" + server.getAddress().getPort() + "/")
                .hasMessageContaining("debian/12/img.tar.lz4: ")
                .hasMessageContainingAll(messageParts);
        assertThat(requested).doesNotContain(ImageFiles.IMAGE);
        assertThat(children(target)).containsExactly("lost+found");
        assertThat(contractRuns).hasValue(0);
    }

    @Test
    void noSignatureIsRefused() throws Exception {
        assertRefusedUntouched(image("20261201", false), policy(gpg, release),
                "not signed", "requires a signature by 1 OpenPGP key (" + release.substring(24) + ")");
    }

    @Test
    void anUntrustedKeyIsRefused() throws Exception {
        Path img = image("20261202", false);
        gpg.detachSign(stranger, null, img.resolve(ImageFiles.SHA512), null);
        assertRefusedUntouched(img, policy(gpg, release),
                "signed by key " + stranger.substring(24) + ", which the trust policy does not hold");
    }

    @Test
    void anExpiredKeyIsRefused() throws Exception {
        Path img = image("20261203", false);
        gpg.detachSign(expired, null, img.resolve(ImageFiles.SHA512), "20200101T120000!");
        assertRefusedUntouched(img, policy(gpg, release, expired),
                "signed by key " + expired.substring(24) + " (Old release <old@example.org>), which expired on 2020-01-02");
    }

    @Test
    void aRevokedKeyIsRefused() throws Exception {
        Path img = image("20261204", false);
        revokedHome.detachSign(revoked, null, img.resolve(ImageFiles.SHA512), null);
        revokedHome.revoke(revoked);
        assertRefusedUntouched(img, policy(revokedHome, revoked),
                "signed by key " + revoked.substring(24) + " (Lost laptop <lost@example.org>), which is revoked");
    }

    @Test
    void aSha512ChangedAfterSigningIsRefused() throws Exception {
        Path img = image("20261205", false);
        gpg.detachSign(release, null, img.resolve(ImageFiles.SHA512), null);
        Files.writeString(img.resolve(ImageFiles.SHA512), "0".repeat(128) + "  img.tar.lz4\n");
        assertRefusedUntouched(img, policy(gpg, release),
                "the signature by key " + release.substring(24), "does not match img.tar.lz4.sha512");
    }

    @Test
    void aGarbageSignatureFileIsRefused() throws Exception {
        Path img = image("20261206", false);
        Files.writeString(img.resolve(ImageFiles.SHA512_ASC), "-----BEGIN PGP SIGNATURE-----\n\nnot really\n-----END PGP SIGNATURE-----\n");
        assertRefusedUntouched(img, policy(gpg, release), "img.tar.lz4.sha512.asc is not an OpenPGP signature");
    }

    @Test
    void aValidSignatureOverTheWrongDigestFailsAtTheGateAndWipesTheTarget() throws Exception {
        Path img = image("20261208", true);
        gpg.detachSign(release, null, img.resolve(ImageFiles.SHA512), null);
        Path target = target();
        assertThatThrownBy(() -> install(img, policy(gpg, release), target))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("debian/12/img.tar.lz4 (its sha512 file signed by key " + release.substring(24))
                .hasMessageContaining("expected");
        assertThat(children(target)).isEmpty();
        assertThat(contractRuns).hasValue(0);
    }
}
