package io.osimg.archive.tar;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bench/tar's reader: reads a tar to its end with {@link TarReader} ("osimg") or with Commons Compress ("cc"),
 * draining every entry's content, and prints {@code <reader> <entries> <content bytes> <seconds>} per round.
 * The two readers alternate in one JVM, each round after a warm-up round of both.
 *
 * <p>Usage: {@code TarReadBench FILE [ROUNDS]}
 */
public final class TarReadBench {

    private TarReadBench() {
    }

    public static void main(String[] args) throws IOException {
        Path tar = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[] buffer = new byte[64 * 1024];
        readOurs(tar, buffer);
        readCommons(tar, buffer);
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            long[] ours = readOurs(tar, buffer);
            long t1 = System.nanoTime();
            long[] cc = readCommons(tar, buffer);
            long t2 = System.nanoTime();
            System.out.printf("osimg %d %d %.3f%n", ours[0], ours[1], (t1 - t0) / 1e9);
            System.out.printf("cc %d %d %.3f%n", cc[0], cc[1], (t2 - t1) / 1e9);
        }
    }

    private static long[] readOurs(Path tar, byte[] buffer) throws IOException {
        long entries = 0;
        long bytes = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 20);
             TarReader reader = new TarReader(in)) {
            for (TarEntry e; (e = reader.next()) != null; entries++) {
                bytes += drain(reader.content(), buffer);
            }
        }
        return new long[] {entries, bytes};
    }

    private static long[] readCommons(Path tar, byte[] buffer) throws IOException {
        long entries = 0;
        long bytes = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 20);
             TarArchiveInputStream reader = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = reader.getNextEntry()) != null; entries++) {
                bytes += drain(reader, buffer);
            }
        }
        return new long[] {entries, bytes};
    }

    private static long drain(InputStream in, byte[] buffer) throws IOException {
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
        }
        return total;
    }
}
