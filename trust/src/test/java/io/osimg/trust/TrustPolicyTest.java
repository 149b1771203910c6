package io.osimg.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osimg.core.store.ImageFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing and the trust policy against the real gpg (batch mode, its own GNUPGHOME) and openssl. */
class TrustPolicyTest {

    private static final byte[] SHA512 = ("a".repeat(128) + "  img.tar.lz4\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MANIFEST = "{\"id\":\"debian-12.0.20261207\"}\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    static Gpg gpg;
    static String alice;
    static String mallory;
    static String expired;
    static String revoked;

    @BeforeAll
    static void keys() throws Exception {
        assumeTrue(Gpg.available(), "gpg is not installed");
        gpg = new Gpg(dir.resolve("gnupg"));
        alice = gpg.generate("Alice Release <alice@example.org>", "s3cret", "1y", null);
        mallory = gpg.generate("Mallory <mallory@example.org>", null, "1y", null);
        expired = gpg.generate("Old Release <old@example.org>", null, "1d", "20200101T000000!");
        revoked = gpg.generate("Lost Laptop <lost@example.org>", null, "1y", null);
        gpg.revoke(revoked);
    }

    @AfterAll
    static void stopAgent() {
        if (gpg != null) {
            gpg.close();
        }
    }

    private static TrustPolicy policyOf(String... fprs) throws Exception {
        TrustPolicy policy = TrustPolicy.empty(java.time.Clock.systemUTC());
        for (String fpr : fprs) {
            Path f = gpg.exportPublic(fpr, dir.resolve(fpr + ".asc"), true);
            policy = policy.with(f.toString(), Files.readAllBytes(f));
        }
        return policy;
    }

    private static byte[] signWithGpg(String fpr, byte[] content, String fakedTime) throws Exception {
        Path f = Files.createTempFile(dir, "sha512", "");
        Files.write(f, content);
        return Files.readAllBytes(gpg.detachSign(fpr, fpr.equals(alice) ? "s3cret" : null, f, fakedTime));
    }

    @Test
    void osimgSignaturesVerifyWithGpgAndOpenssl() throws Exception {
        Path secret = gpg.exportSecret(alice, "s3cret", dir.resolve("alice.secret.asc"));
        Path ec = OpenSsl.p256(dir.resolve("ec.pem"));
        List<SigningKey> keys = List.of(SigningKey.read(secret, "s3cret".toCharArray()), SigningKey.read(ec, null));
        Map<String, byte[]> files = ImageSigner.sign(keys, SHA512, MANIFEST, Instant.now());
        assertThat(files).containsOnlyKeys(ImageFiles.SHA512_ASC, ImageFiles.MANIFEST_ASC, ImageFiles.SHA512_SIG);

        Path image = Files.createDirectories(dir.resolve("image"));
        Files.write(image.resolve(ImageFiles.SHA512), SHA512);
        Files.write(image.resolve(ImageFiles.MANIFEST), MANIFEST);
        files.forEach((name, bytes) -> write(image.resolve(name), bytes));
        Gpg.Result sha = gpg.verify(image.resolve(ImageFiles.SHA512_ASC), image.resolve(ImageFiles.SHA512));
        assertThat(sha.exitCode()).as(sha.output()).isZero();
        assertThat(sha.output()).contains("Good signature from \"Alice Release <alice@example.org>\"");
        Gpg.Result manifest = gpg.verify(image.resolve(ImageFiles.MANIFEST_ASC), image.resolve(ImageFiles.MANIFEST));
        assertThat(manifest.exitCode()).as(manifest.output()).isZero();
        Gpg.Result blob = OpenSsl.verifyBlob(Path.of(ec + ".pub"), image.resolve(ImageFiles.SHA512_SIG), image.resolve(ImageFiles.SHA512));
        assertThat(blob.exitCode()).as(blob.output()).isZero();
        assertThat(blob.output()).contains("Verified OK");

        // and osimg's own policy takes both: the PGP key, and the PEM public key
        TrustedSignature pgp = policyOf(alice).check(new SignatureFiles("img", SHA512, files.get(ImageFiles.SHA512_ASC), null));
        assertThat(pgp.key()).contains(alice.substring(24)).contains("Alice Release");
        TrustPolicy pem = TrustPolicy.parse(ec + ".pub", Files.readAllBytes(Path.of(ec + ".pub")));
        TrustedSignature sig = pem.check(new SignatureFiles("img", SHA512, null, files.get(ImageFiles.SHA512_SIG)));
        assertThat(sig.key()).startsWith("ecdsa-p256 sha256:");
        // the signature by the file changed after signing is refused
        byte[] changed = SHA512.clone();
        changed[0] = 'b';
        assertThatThrownBy(() -> pem.check(new SignatureFiles("img", changed, null, files.get(ImageFiles.SHA512_SIG))))
                .isInstanceOf(UntrustedImageException.class).hasMessageContaining("changed after signing");
    }

    @Test
    void aGpgDetachedSignatureIsAcceptedFromArmoredAndBinaryKeyrings() throws Exception {
        byte[] asc = signWithGpg(mallory, SHA512, null);
        TrustedSignature ok = policyOf(mallory).check(new SignatureFiles("img", SHA512, asc, null));
        assertThat(ok.keyId()).isEqualTo(mallory.substring(24));
        assertThat(ok.created()).isAfter(Instant.now().minusSeconds(600));
        Path binary = gpg.exportPublic(mallory, dir.resolve("mallory.gpg"), false);
        TrustPolicy both = policyOf(alice).with(binary.toString(), Files.readAllBytes(binary));
        assertThat(both.check(new SignatureFiles("img", SHA512, asc, null)).keyId()).isEqualTo(mallory.substring(24));
        assertThat(both.describe()).contains("2 OpenPGP keys");
    }

    @Test
    void refusalsNameTheImageTheKeyAndTheReason() throws Exception {
        TrustPolicy policy = policyOf(alice, expired, revoked);
        assertThatThrownBy(() -> policy.check(new SignatureFiles("http://s/debian/12/img.tar.lz4", SHA512, null, null)))
                .isInstanceOf(UntrustedImageException.class)
                .hasMessageStartingWith("http://s/debian/12/img.tar.lz4: not signed");
        byte[] byMallory = signWithGpg(mallory, SHA512, null);
        assertThatThrownBy(() -> policy.check(new SignatureFiles("img1", SHA512, byMallory, null)))
                .hasMessageContaining("img1: refused by the trust policy")
                .hasMessageContaining("signed by key " + mallory.substring(24) + ", which the trust policy does not hold");
        byte[] byExpired = signWithGpg(expired, SHA512, "20200101T120000!");
        assertThatThrownBy(() -> policy.check(new SignatureFiles("img2", SHA512, byExpired, null)))
                .hasMessageContaining("img2: refused")
                .hasMessageContaining("key " + expired.substring(24) + " (Old Release <old@example.org>), which expired on 2020-01-02");
        // gpg itself no longer signs with the revoked key (aRevokedKeysSignatureIsRefused has one made before)
        Path f = Files.createTempFile(dir, "x", "");
        Files.write(f, SHA512);
        assertThatThrownBy(() -> gpg.detachSign(revoked, null, f, null)).hasMessageContaining("Unusable secret key");
        byte[] changed = SHA512.clone();
        changed[5] = 'f';
        byte[] byAlice = signWithGpg(alice, SHA512, null);
        assertThatThrownBy(() -> policy.check(new SignatureFiles("img4", changed, byAlice, null)))
                .hasMessageContaining("img4: refused")
                .hasMessageContaining("the signature by key " + alice.substring(24))
                .hasMessageContaining("does not match img.tar.lz4.sha512 (the file was changed after signing");
        assertThatThrownBy(() -> policy.check(new SignatureFiles("img5", SHA512, "garbage\n".getBytes(), null)))
                .hasMessageContaining("img5: refused").hasMessageContaining("img.tar.lz4.sha512.asc is not an OpenPGP signature");
        assertThatThrownBy(() -> policy.check(new SignatureFiles("img6", SHA512, null, "%%%%\n".getBytes())))
                .hasMessageContaining("img6: refused").hasMessageContaining("img.tar.lz4.sha512.sig is not base64");
    }

    @Test
    void aRevokedKeysSignatureIsRefused() throws Exception {
        // a signature made before the revocation, checked with the revoked key in the policy
        Gpg other = new Gpg(dir.resolve("gnupg-revoked"));
        try {
            String fpr = other.generate("Soon Revoked <soon@example.org>", null, "1y", null);
            Path f = Files.createTempFile(dir, "r", "");
            Files.write(f, SHA512);
            byte[] asc = Files.readAllBytes(other.detachSign(fpr, null, f, null));
            other.revoke(fpr);
            Path pub = other.exportPublic(fpr, dir.resolve("soon.asc"), true);
            TrustPolicy policy = TrustPolicy.parse(pub.toString(), Files.readAllBytes(pub));
            assertThatThrownBy(() -> policy.check(new SignatureFiles("img7", SHA512, asc, null)))
                    .isInstanceOf(UntrustedImageException.class)
                    .hasMessageContaining("img7: refused")
                    .hasMessageContaining("signed by key " + fpr.substring(24) + " (Soon Revoked <soon@example.org>), which is revoked");
        } finally {
            other.close();
        }
    }

    @Test
    void badPolicyDocumentsAreBadInput() {
        assertThatThrownBy(() -> TrustPolicy.parse("keys.txt", "hello\n".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--trust keys.txt: no key in it");
        assertThatThrownBy(() -> TrustPolicy.parse("k.gpg", new byte[] {(byte) 0x99, 1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--trust k.gpg: not an OpenPGP keyring");
    }

    private static void write(Path p, byte[] b) {
        try {
            Files.write(p, b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
