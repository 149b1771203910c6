package io.osimg.cli;

import io.osimg.image.source.Compression;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decompress",
        description = {"Decompress an image (LZ4 frames; also gzip, xz, zstd, recognised by magic bytes) to standard "
                + "output or a file, verifying the LZ4 checksums on the way: 'osimg decompress img.tar.lz4 | tar -t'. "
                + "A file in none of these formats is refused; a failed -O file is removed."})
final class DecompressCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the compressed file")
    Path file;

    @Option(names = {"-O", "--output-file"}, paramLabel = "OUT", description = "write here instead of standard output")
    Path out;

    @Option(names = "--stats", description = "print bytes, time and throughput of the decoding to standard error")
    boolean stats;

    @Mixin CommonOptions debug;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a compressed file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        long started = System.nanoTime();
        long bytes;
        try (InputStream raw = Files.newInputStream(file)) {
            Compression.Opened opened = Compression.open(raw);
            if (opened.compression() == Compression.NONE) {
                throw new FileSystemException(file.toString(), null,
                        "not a compressed file (it starts with none of the magic bytes of LZ4, gzip, xz or zstd)");
            }
            bytes = out == null ? decompress(opened.stream(), new FileOutputStream(FileDescriptor.out)) : decompressToFile(opened);
        }
        if (stats) {
            double s = (System.nanoTime() - started) / 1e9;
            System.err.printf(Locale.ROOT, "decompressed %d bytes in %.3f s: %.1f MiB/s%n", bytes, s, bytes / s / (1 << 20));
        }
        return Main.OK;
    }

    /** Into {@code -O OUT}: a failure removes what was written, so no truncated output is left behind. */
    private long decompressToFile(Compression.Opened opened) throws IOException {
        try {
            return decompress(opened.stream(), Files.newOutputStream(out));
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(out);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Copies, naming the side that failed: the input (a corrupt frame) or the output (a full disk). */
    private long decompress(InputStream compressed, OutputStream target) throws IOException {
        String output = out == null ? "standard output" : out.toString();
        try (OutputStream sink = new BufferedOutputStream(target, 1 << 20); InputStream in = compressed) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw new IOException(file + ": " + e.getMessage(), e);
                }
                if (n < 0) {
                    break;
                }
                try {
                    sink.write(buffer, 0, n);
                } catch (IOException e) {
                    throw new IOException(output + ": " + e.getMessage(), e);
                }
                total += n;
            }
            try {
                sink.flush();
            } catch (IOException e) {
                throw new IOException(output + ": " + e.getMessage(), e);
            }
            return total;
        }
    }
}
