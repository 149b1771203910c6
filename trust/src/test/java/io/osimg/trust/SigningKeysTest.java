package io.osimg.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys read on a thread of their own: the keys, or the same error a direct read gives, and a failure seen early. */
class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void keysReadInTheBackgroundAreTheKeysOfTheFiles() throws Exception {
        TrainingKeys files = TrainingKeys.write(dir);
        SigningKeys keys = SigningKeys.readInBackground(List.of(files.openPgpEd25519(), files.ecdsa()),
                "training".toCharArray());
        assertThat(keys.isEmpty()).isFalse();
        List<SigningKey> read = keys.get();
        assertThat(read).hasSize(2);
        assertThat(read.get(0)).isInstanceOf(SigningKey.OpenPgp.class);
        assertThat(read.get(1)).isInstanceOf(SigningKey.Ecdsa.class);
        assertThat(keys.failed()).isFalse();
        assertThat(SigningKeys.readInBackground(List.of(), new char[0]).isEmpty()).isTrue();
    }

    @Test
    void aWrongPassphraseIsSeenAsFailedAndGetThrowsTheReadersMessage() throws Exception {
        TrainingKeys files = TrainingKeys.write(dir);
        SigningKeys keys = SigningKeys.readInBackground(List.of(files.openPgpRsa()), "wrong".toCharArray());
        for (int i = 0; i < 600 && !keys.failed(); i++) {
            Thread.sleep(50);
        }
        assertThat(keys.failed()).isTrue();
        assertThatThrownBy(keys::get).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--sign-key " + files.openPgpRsa() + ": cannot unlock key")
                .hasMessageContaining("wrong or missing passphrase");

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "hello\n");
        assertThatThrownBy(SigningKeys.readInBackground(List.of(garbage), new char[0])::get)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--sign-key " + garbage + ": neither");
    }
}
