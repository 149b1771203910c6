package io.osimg.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code gpg} in batch mode with a GNUPGHOME of its own (keys made, exported, revoked, files signed and
 * verified as a user would), for tests. {@link #close} stops the agent it started.
 */
public final class Gpg implements AutoCloseable {

    private final Path home;

    public Gpg(Path dir) throws IOException {
        this.home = Files.createDirectories(dir);
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    public static boolean available() {
        try {
            return new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Makes an ed25519 signing key and returns its fingerprint.
     *
     * @param expires gpg's expiry ({@code 1y}, {@code 1d}, {@code never})
     * @param fakedTime null, or gpg's {@code --faked-system-time} (e.g. {@code 20200101T000000!}) to make it in the past
     */
    public String generate(String userId, String passphrase, String expires, String fakedTime) throws IOException {
        List<String> args = new ArrayList<>(List.of("--passphrase", passphrase == null ? "" : passphrase));
        if (fakedTime != null) {
            args.addAll(List.of("--faked-system-time", fakedTime));
        }
        args.addAll(List.of("--quick-gen-key", userId, "ed25519", "sign", expires));
        run(args);
        String colons = run(List.of("--with-colons", "--list-keys", userId));
        for (String line : colons.split("\n")) {
            if (line.startsWith("fpr:")) {
                return line.split(":")[9];
            }
        }
        throw new IOException("gpg printed no fingerprint for " + userId + ":\n" + colons);
    }

    public Path exportPublic(String fpr, Path file, boolean armor) throws IOException {
        List<String> args = new ArrayList<>(List.of("--yes", "--output", file.toString()));
        if (armor) {
            args.add("--armor");
        }
        args.addAll(List.of("--export", fpr));
        run(args);
        return file;
    }

    public Path exportSecret(String fpr, String passphrase, Path file) throws IOException {
        run(List.of("--passphrase", passphrase == null ? "" : passphrase, "--yes", "--output", file.toString(), "--armor",
                "--export-secret-keys", fpr));
        return file;
    }

    /** {@code gpg --detach-sign --armor}, as a release manager signs a checksum file. */
    public Path detachSign(String fpr, String passphrase, Path file, String fakedTime) throws IOException {
        Path out = file.resolveSibling(file.getFileName() + ".asc");
        List<String> args = new ArrayList<>(List.of("--passphrase", passphrase == null ? "" : passphrase, "--yes"));
        if (fakedTime != null) {
            args.addAll(List.of("--faked-system-time", fakedTime));
        }
        args.addAll(List.of("--local-user", fpr, "--output", out.toString(), "--detach-sign", "--armor", file.toString()));
        run(args);
        return out;
    }

    /** Revokes the key with the revocation certificate gpg made with it. */
    public void revoke(String fpr) throws IOException {
        Path rev = home.resolve("openpgp-revocs.d").resolve(fpr + ".rev");
        String text = Files.readString(rev).replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----BEGIN PGP PUBLIC KEY BLOCK-----");
        Path plain = home.resolve("revoke-" + fpr + ".asc");
        Files.writeString(plain, text);
        run(List.of("--import", plain.toString()));
    }

    /** {@code gpg --verify SIG FILE} against the keys of this home: its exit code and output. */
    public Result verify(Path signature, Path file) throws IOException {
        return exec(List.of("--verify", signature.toString(), file.toString()));
    }

    public record Result(int exitCode, String output) {
    }

    private String run(List<String> args) throws IOException {
        Result r = exec(args);
        if (r.exitCode() != 0) {
            throw new IOException("gpg " + args + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }

    private Result exec(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty",
                "--pinentry-mode", "loopback"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("gpg " + args + " did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all").start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // nothing was started, or it is gone
        }
    }
}
