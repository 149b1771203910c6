package io.osimg.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.store.ImageFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class data training's throwaway keys are keys osimg signs with, and their policy file accepts what they sign. */
class TrainingKeysTest {

    private static final byte[] SHA512 = ("b".repeat(128) + "  img.tar.lz4\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void eachKindSignsAndTheMixedPolicyFileAcceptsEach() throws Exception {
        TrainingKeys keys = TrainingKeys.write(dir);
        char[] pass = Files.readString(keys.passphrase()).strip().toCharArray();
        SigningKey rsa = SigningKey.read(keys.openPgpRsa(), pass);
        SigningKey ed = SigningKey.read(keys.openPgpEd25519(), pass);
        SigningKey ec = SigningKey.read(keys.ecdsa(), null);
        assertThat(rsa).isInstanceOf(SigningKey.OpenPgp.class);
        assertThat(ed).isInstanceOf(SigningKey.OpenPgp.class);
        assertThat(ec).isInstanceOf(SigningKey.Ecdsa.class);
        assertThatThrownBy(() -> SigningKey.read(keys.openPgpRsa(), "wrong".toCharArray()))
                .hasMessageContaining("wrong or missing passphrase");

        // one file holding two armored OpenPGP keys and a PEM public key
        TrustPolicy policy = TrustPolicy.parse(keys.trust().toString(), Files.readAllBytes(keys.trust()));
        assertThat(policy.describe()).startsWith("2 OpenPGP keys (").contains("1 ECDSA key (sha256:"
                + ((SigningKey.Ecdsa) ec).keyId() + ")");
        for (SigningKey key : List.of(rsa, ed)) {
            Map<String, byte[]> files = ImageSigner.sign(List.of(key), SHA512, null, Instant.now());
            TrustedSignature ok = policy.check(new SignatureFiles("img", SHA512, files.get(ImageFiles.SHA512_ASC), null));
            assertThat(ok.keyId()).isEqualTo(((SigningKey.OpenPgp) key).keyId());
        }
        Map<String, byte[]> files = ImageSigner.sign(List.of(ec), SHA512, null, Instant.now());
        assertThat(policy.check(new SignatureFiles("img", SHA512, null, files.get(ImageFiles.SHA512_SIG))).keyId())
                .isEqualTo(((SigningKey.Ecdsa) ec).keyId());
    }

    @Test
    void aBrokenPemInAPolicyNamesTheFile() {
        byte[] broken = "-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TrustPolicy.parse("keys/broken.pem", broken))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--trust keys/broken.pem: ");
    }
}
