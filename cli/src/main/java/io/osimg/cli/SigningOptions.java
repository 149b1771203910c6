package io.osimg.cli;

import io.osimg.core.text.TextFile;
import io.osimg.trust.SigningKey;
import io.osimg.trust.SigningKeys;
import java.nio.file.Files;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --sign-key}: the keys that sign an image (build, sign). A passphrase comes from a file or the environment,
 * never from the command line (where {@code ps} would show it).
 */
final class SigningOptions {

    static final String PASSPHRASE_ENV = "OSIMG_SIGN_PASSPHRASE";

    @Option(names = "--sign-key", paramLabel = "FILE",
            description = "sign the image's img.tar.lz4.sha512 (and manifest.json) with this key: an armored OpenPGP "
                    + "secret key (gpg --export-secret-keys --armor) gives img.tar.lz4.sha512.asc and manifest.json.asc, "
                    + "an ECDSA P-256 private key in PEM gives img.tar.lz4.sha512.sig (repeatable; see --trust of "
                    + "install and mirror)")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--sign-passphrase-file", paramLabel = "FILE",
            description = "the passphrase of the OpenPGP --sign-key (first line of the file; default: the environment "
                    + "variable " + PASSPHRASE_ENV + ", else none)")
    Path passphraseFile;

    boolean any() {
        return !keys.isEmpty();
    }

    /** The keys, read and unlocked; bad input when one is not a usable key. */
    List<SigningKey> read() throws IOException {
        char[] passphrase = passphrase();
        List<SigningKey> out = new ArrayList<>();
        for (Path key : keys) {
            out.add(SigningKey.read(key, passphrase));
        }
        return out;
    }

    /**
     * Starts reading and unlocking the keys on a thread of their own, to overlap the build; a key file that does not
     * exist is bad input at once.
     */
    SigningKeys start() throws IOException {
        for (Path key : keys) {
            if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
                throw new IllegalArgumentException("--sign-key " + key + ": " + (Files.exists(key)
                        ? "not a readable file" : "no such file"));
            }
        }
        return SigningKeys.readInBackground(keys, passphrase());
    }

    private char[] passphrase() throws IOException {
        if (passphraseFile != null) {
            String text = TextFile.read(passphraseFile, 64 << 10);
            int nl = text.indexOf('\n');
            return (nl < 0 ? text : text.substring(0, nl)).replace("\r", "").toCharArray();
        }
        String env = System.getenv(PASSPHRASE_ENV);
        return env == null ? new char[0] : env.toCharArray();
    }
}
