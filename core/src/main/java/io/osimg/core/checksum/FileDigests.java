package io.osimg.core.checksum;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Digests of a whole file. */
public final class FileDigests {

    private static final int BUFFER = 256 << 10;

    private FileDigests() {
    }

    public static Map<DigestAlgorithm, String> of(Path file, DigestAlgorithm... algorithms) throws IOException {
        return of(file, List.of(algorithms));
    }

    /**
     * Digests of {@code file} by algorithm (none: an empty map, the file is not read), one thread per algorithm so
     * that the passes over the (page-cached) file run on all cores side by side: md5, sha256 and sha512 together
     * cost about as much as the slowest of them.
     */
    public static Map<DigestAlgorithm, String> of(Path file, Collection<DigestAlgorithm> algorithms) throws IOException {
        Map<DigestAlgorithm, String> hex = new EnumMap<>(DigestAlgorithm.class);
        if (algorithms.size() <= 1) {
            for (DigestAlgorithm a : algorithms) {
                hex.put(a, digest(file, a));
            }
            return hex;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(algorithms.size(),
                Thread.ofPlatform().name("osimg-digest-", 0).daemon().factory())) {
            Map<DigestAlgorithm, Future<String>> futures = new EnumMap<>(DigestAlgorithm.class);
            for (DigestAlgorithm a : algorithms) {
                futures.put(a, pool.submit(() -> digest(file, a)));
            }
            for (var e : futures.entrySet()) {
                try {
                    hex.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    if (ex.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("hashing " + file + ": " + ex.getCause(), ex.getCause());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while hashing " + file);
                }
            }
        }
        return hex;
    }

    private static String digest(Path file, DigestAlgorithm algorithm) throws IOException {
        Digests d = Digests.of(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                d.update(buffer, 0, n);
            }
        }
        return d.finish().get(algorithm);
    }
}
