package io.osimg.cli;

import io.osimg.transfer.FetchStream;
import io.osimg.transfer.Fetcher;
import io.osimg.trust.TrustPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code --trust}: the image signature policy, the keys an image's sha512 file must be signed by. Not to be
 * confused with {@code --ca-cert} ({@link TrustOptions}), which is about TLS certificates of https servers.
 */
final class TrustPolicyOptions {

    /** A keyring is at most a few megabytes (Debian's archive keyring is below 100 KiB). */
    private static final int LIMIT = 16 << 20;

    @Option(names = "--trust", paramLabel = "FILE|URL",
            description = "image signatures: use only images whose img.tar.lz4.sha512 a key in this file or URL signed "
                    + "(an OpenPGP keyring, armored or binary, or ECDSA P-256 public keys in PEM; expired and revoked "
                    + "keys are refused), checked before the image is downloaded. Repeatable. Not about https: for "
                    + "TLS certificates see --ca-cert")
    List<String> sources = new ArrayList<>();

    boolean any() {
        return !sources.isEmpty();
    }

    /** The policy, or null without {@code --trust}. */
    TrustPolicy policy(Fetcher fetcher) throws IOException {
        return load(sources, fetcher);
    }

    /** The policy of files or http(s) URLs, null for none; bad input when one holds no usable key. */
    static TrustPolicy load(List<String> sources, Fetcher fetcher) throws IOException {
        if (sources.isEmpty()) {
            return null;
        }
        TrustPolicy policy = TrustPolicy.empty(Clock.systemUTC());
        for (String source : sources) {
            policy = policy.with(source, read(source, fetcher));
        }
        return policy;
    }

    private static byte[] read(String source, Fetcher fetcher) throws IOException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            try (FetchStream in = fetcher.open(List.of(URI.create(source)), Set.of(), null)) {
                return limited(in.readNBytes(LIMIT + 1), source);
            }
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("--trust " + source + ": no such file (nor an http(s) URL)");
            }
            throw new IllegalArgumentException("--trust " + source + ": not a regular file");
        }
        if (Files.size(file) > LIMIT) {
            throw new IllegalArgumentException("--trust " + source + ": larger than " + (LIMIT >> 20) + " MiB, not a keyring");
        }
        try {
            return limited(Files.readAllBytes(file), source);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--trust " + source + ": no such file", e);
        }
    }

    private static byte[] limited(byte[] bytes, String source) {
        if (bytes.length > LIMIT) {
            throw new IllegalArgumentException("--trust " + source + ": larger than " + (LIMIT >> 20) + " MiB, not a keyring");
        }
        return bytes;
    }

    /** The one line said when no policy is given. */
    static String noPolicyWarning(String what) {
        return "no --trust: the signature of " + what + " is not checked (only its checksums)";
    }
}
