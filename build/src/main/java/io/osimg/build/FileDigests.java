package io.osimg.build;

import io.osimg.core.checksum.DigestAlgorithm;
import java.io.IOException;
import io.osimg.build.io.DigestingInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Digests of a whole file, all algorithms in one read. */
public final class FileDigests {
    private FileDigests() {}

    /**
     * Digests of {@code file}, one thread per algorithm so that the passes over the (page-cached) file run on all
     * cores side by side: md5, sha256 and sha512 together cost about as much as the slowest of them.
     */
    public static Map<DigestAlgorithm, String> of(Path file, DigestAlgorithm... algorithms) throws IOException {
        Map<DigestAlgorithm, String> hex = new EnumMap<>(DigestAlgorithm.class);
        if (algorithms.length == 1) {
            hex.put(algorithms[0], digest(file, algorithms[0]));
            return hex;
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(algorithms.length,
                Thread.ofPlatform().name("osimg-digest-", 0).daemon().factory())) {
            Map<DigestAlgorithm, java.util.concurrent.Future<String>> futures = new EnumMap<>(DigestAlgorithm.class);
            for (DigestAlgorithm a : algorithms) {
                futures.put(a, pool.submit(() -> digest(file, a)));
            }
            for (var e : futures.entrySet()) {
                try {
                    hex.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException ex) {
                    if (ex.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("hashing " + file + ": " + ex.getCause(), ex.getCause());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while hashing " + file);
                }
            }
        }
        return hex;
    }

    private static String digest(Path file, DigestAlgorithm algorithm) throws IOException {
        try (DigestingInputStream in = new DigestingInputStream(Files.newInputStream(file), null, algorithm)) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.hex().get(algorithm);
        }
    }
}
