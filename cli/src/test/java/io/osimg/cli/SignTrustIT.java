package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osimg.core.store.ImageFiles;
import io.osimg.trust.Gpg;
import io.osimg.trust.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command line of signing and trust on the demo root filesystem, with keys made by the real gpg and openssl:
 * {@code build --sign-key}, {@code sign}, {@code install --trust}, {@code verify --trust} and {@code lint}.
 */
class SignTrustIT {

    Path work;
    Path store;
    Gpg gpg;
    String release;
    String stranger;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Gpg.available(), "gpg is not installed");
        work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-sign-it");
        store = work.resolve("store");
        gpg = new Gpg(work.resolve("gnupg"));
        release = gpg.generate("osimg release <release@example.org>", "pass phrase", "1y", null);
        stranger = gpg.generate("Stranger <stranger@example.org>", null, "1y", null);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (gpg != null) {
            gpg.close();
        }
        if (work != null) {
            new ProcessBuilder("rm", "-rf", work.toString()).start().waitFor();
        }
    }

    private static boolean empty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void signedBuildVerifiesWithGpgAndOpensslAndInstallsWithTrust() throws Exception {
        Path secret = gpg.exportSecret(release, "pass phrase", work.resolve("release.secret.asc"));
        Path pass = Files.writeString(work.resolve("pass"), "pass phrase\n");
        Path ec = OpenSsl.p256(work.resolve("cosign.pem"));
        CliRun build = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0",
                "--release", "20261207", "--store", store.toString(), "--sign-key", secret.toString(),
                "--sign-passphrase-file", pass.toString(), "--sign-key", ec.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();
        Path dir = store.resolve("20261207/demo/1.0");
        assertThat(build.out()).contains(ImageFiles.SHA512_ASC, ImageFiles.MANIFEST_ASC, ImageFiles.SHA512_SIG);

        Gpg.Result sha = gpg.verify(dir.resolve(ImageFiles.SHA512_ASC), dir.resolve(ImageFiles.SHA512));
        assertThat(sha.exitCode()).as(sha.output()).isZero();
        assertThat(sha.output()).contains("Good signature from \"osimg release <release@example.org>\"");
        Gpg.Result manifest = gpg.verify(dir.resolve(ImageFiles.MANIFEST_ASC), dir.resolve(ImageFiles.MANIFEST));
        assertThat(manifest.exitCode()).as(manifest.output()).isZero();
        Gpg.Result blob = OpenSsl.verifyBlob(Path.of(ec + ".pub"), dir.resolve(ImageFiles.SHA512_SIG), dir.resolve(ImageFiles.SHA512));
        assertThat(blob.output()).contains("Verified OK");

        Path keyring = gpg.exportPublic(release, work.resolve("release.pub.asc"), true);
        Path root = Files.createDirectories(work.resolve("root"));
        CliRun install = CliRun.of("install", "--image", dir.resolve(ImageFiles.IMAGE).toString(), "--root", root.toString(),
                "--trust", keyring.toString());
        assertThat(install.exitCode()).as(install.err()).isZero();
        assertThat(install.err()).doesNotContain("no --trust");
        assertThat(root.resolve("etc/os-release")).exists();

        // the PEM public key alone is a policy too
        Path root2 = Files.createDirectories(work.resolve("root2"));
        CliRun byPem = CliRun.of("install", "--image", dir.resolve(ImageFiles.IMAGE).toString(), "--root", root2.toString(),
                "--trust", ec + ".pub");
        assertThat(byPem.exitCode()).as(byPem.err()).isZero();

        // a policy of another key: refused, naming image, key and reason; the target untouched
        Path other = gpg.exportPublic(stranger, work.resolve("stranger.pub.asc"), true);
        Path root3 = Files.createDirectories(work.resolve("root3"));
        CliRun refused = CliRun.of("install", "--image", dir.resolve(ImageFiles.IMAGE).toString(), "--root", root3.toString(),
                "--trust", other.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains(dir.resolve(ImageFiles.IMAGE) + ": refused by the trust policy",
                "signed by key " + release.substring(24) + ", which the trust policy does not hold");
        assertThat(empty(root3)).isTrue();

        CliRun verify = CliRun.of("verify", dir.toString(), "--trust", keyring.toString());
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).containsPattern("ok +signature +signed by key " + release.substring(24)
                + " \\(osimg release <release@example.org>\\) on 20");
        CliRun untrusted = CliRun.of("verify", dir.toString(), "--trust", other.toString());
        assertThat(untrusted.exitCode()).isEqualTo(1);
        assertThat(untrusted.out()).containsPattern("FAIL +signature +.*which the trust policy does not hold");
        CliRun lint = CliRun.of("lint", dir.toString(), "-o", "json");
        assertThat(lint.out()).contains("\"signed by key " + release.substring(24) + " on 20");
    }

    @Test
    void signAddsSignaturesToAPublishedImageAndInstallWarnsWithoutAPolicy() throws Exception {
        CliRun build = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0",
                "--release", "20261207", "--store", store.toString());
        assertThat(build.exitCode()).as(build.err()).isZero();
        Path dir = store.resolve("20261207/demo/1.0");
        Path root = Files.createDirectories(work.resolve("root"));
        CliRun unsigned = CliRun.of("install", "--image", dir.resolve(ImageFiles.IMAGE).toString(), "--root", root.toString());
        assertThat(unsigned.exitCode()).as(unsigned.err()).isZero();
        assertThat(unsigned.err()).contains("no --trust: the signature of " + dir.resolve(ImageFiles.IMAGE) + " is not checked");

        Path keyring = gpg.exportPublic(stranger, work.resolve("k.asc"), true);
        Path refusedRoot = Files.createDirectories(work.resolve("refused"));
        CliRun refused = CliRun.of("install", "--image", dir.resolve(ImageFiles.IMAGE).toString(), "--root", refusedRoot.toString(),
                "--trust", keyring.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains(": not signed (no img.tar.lz4.sha512.asc or img.tar.lz4.sha512.sig beside it)");
        assertThat(empty(refusedRoot)).isTrue();

        CliRun lint = CliRun.of("lint", dir.toString(), "-o", "json");
        com.fasterxml.jackson.databind.JsonNode signature = null;
        for (com.fasterxml.jackson.databind.JsonNode r : new com.fasterxml.jackson.databind.ObjectMapper().readTree(lint.out()).get("rules")) {
            if (r.get("id").asText().equals("signature")) {
                signature = r;
            }
        }
        assertThat(signature).isNotNull();
        assertThat(signature.get("verdict").asText()).isEqualTo("warn");
        assertThat(signature.get("message").asText()).startsWith("unsigned: no img.tar.lz4.sha512.asc");

        byte[] before = Files.readAllBytes(dir.resolve(ImageFiles.IMAGE));
        Path secret = gpg.exportSecret(stranger, null, work.resolve("s.asc"));
        CliRun sign = CliRun.of("sign", dir.toString(), "--sign-key", secret.toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        assertThat(sign.out()).contains("signed " + dir + ": " + ImageFiles.SHA512_ASC + ", " + ImageFiles.MANIFEST_ASC);
        assertThat(Files.readAllBytes(dir.resolve(ImageFiles.IMAGE))).isEqualTo(before);
        assertThat(gpg.verify(dir.resolve(ImageFiles.SHA512_ASC), dir.resolve(ImageFiles.SHA512)).exitCode()).isZero();
        CliRun again = CliRun.of("sign", dir.toString(), "--sign-key", secret.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("has img.tar.lz4.sha512.asc already");

        Path root2 = Files.createDirectories(work.resolve("root2"));
        CliRun trusted = CliRun.of("install", "--image", dir.resolve(ImageFiles.IMAGE).toString(), "--root", root2.toString(),
                "--trust", keyring.toString());
        assertThat(trusted.exitCode()).as(trusted.err()).isZero();
    }

    @Test
    void aWrongPassphraseOrAMissingKeyFailsTheBuildAndPublishesNothing() throws Exception {
        Path secret = gpg.exportSecret(release, "pass phrase", work.resolve("release.secret.asc"));
        Path wrong = Files.writeString(work.resolve("wrong"), "not the pass phrase\n");
        CliRun build = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0",
                "--release", "20261207", "--store", store.toString(), "--sign-key", secret.toString(),
                "--sign-passphrase-file", wrong.toString());
        assertThat(build.exitCode()).as(build.err()).isEqualTo(2);
        assertThat(build.err()).contains("--sign-key " + secret + ": cannot unlock key", "wrong or missing passphrase");
        assertThat(store.resolve("20261207")).doesNotExist();

        Path missing = work.resolve("no-such-key.asc");
        CliRun none = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0",
                "--release", "20261207", "--store", store.toString(), "--sign-key", missing.toString());
        assertThat(none.exitCode()).as(none.err()).isEqualTo(2);
        assertThat(none.err()).contains("--sign-key " + missing + ": no such file");
        assertThat(store.resolve("20261207")).doesNotExist();
    }
}
