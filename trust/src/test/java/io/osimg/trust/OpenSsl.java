package io.osimg.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code openssl}, for tests: P-256 keys, and verifying a blob signature as a user would. */
public final class OpenSsl {

    private OpenSsl() {
    }

    /** An EC P-256 private key (SEC1 PEM, {@code openssl ecparam -genkey}) and its public key beside it ({@code .pub}). */
    public static Path p256(Path key) throws IOException {
        run(List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString()));
        run(List.of("openssl", "ec", "-in", key.toString(), "-pubout", "-out", key + ".pub"));
        return key;
    }

    /** {@code openssl dgst -sha256 -verify PUB -signature <(base64 -d SIG) FILE}: exit code and output. */
    public static Gpg.Result verifyBlob(Path publicKey, Path base64Signature, Path file) throws IOException {
        return exec(List.of("bash", "-c", "openssl dgst -sha256 -verify \"$1\" -signature <(base64 -d \"$2\") \"$3\"",
                "verify", publicKey.toString(), base64Signature.toString(), file.toString()));
    }

    static String run(List<String> cmd) throws IOException {
        Gpg.Result r = exec(cmd);
        if (r.exitCode() != 0) {
            throw new IOException(cmd + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }

    static Gpg.Result exec(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return new Gpg.Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
