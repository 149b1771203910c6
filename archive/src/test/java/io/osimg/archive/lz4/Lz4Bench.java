package io.osimg.archive.lz4;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Hand-run benchmark (not a test): {@code encode IN OUT [threads]} or {@code decode IN.lz4}, printing wall
 * time and throughput. Compare with {@code lz4 -9 IN OUT} and {@code lz4 -dc IN.lz4 > /dev/null}.
 */
public final class Lz4Bench {

    private Lz4Bench() {
    }

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        long bytes;
        if (args[0].equals("encode")) {
            Lz4Options opts = Lz4Options.defaults();
            if (args.length > 3) {
                opts = opts.withThreads(Integer.parseInt(args[3]));
            }
            try (InputStream in = Files.newInputStream(Path.of(args[1]));
                 FileChannel ch = FileChannel.open(Path.of(args[2]), StandardOpenOption.CREATE,
                         StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                 Lz4FrameOutputStream out = Lz4FrameOutputStream.toChannel(ch, opts)) {
                in.transferTo(out);
                out.finish();
                bytes = out.uncompressedBytes();
                System.out.printf("compressed %d -> %d bytes%n", bytes, out.compressedBytes());
            }
        } else {
            byte[] buf = new byte[256 * 1024];
            long total = 0;
            try (InputStream in = new Lz4FrameInputStream(Files.newInputStream(Path.of(args[1])))) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                }
            }
            bytes = total;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %d bytes in %.2f s = %.0f MB/s%n", args[0], bytes, seconds, bytes / seconds / 1e6);
    }
}
