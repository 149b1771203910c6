package io.osimg.cli;

import io.osimg.build.source.Compression;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decompress",
        description = {"Decompress an image (LZ4 frames; also gzip, xz, zstd, recognised by magic bytes) to standard "
                + "output or a file, verifying the LZ4 checksums on the way: 'osimg decompress img.tar.lz4 | tar -t'."})
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
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
        long started = System.nanoTime();
        long bytes;
        try (InputStream raw = Files.newInputStream(file);
             OutputStream sink = out != null
                     ? new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)
                     : new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20)) {
            Compression.Opened opened = Compression.open(raw);
            try (InputStream in = opened.stream()) {
                bytes = in.transferTo(sink);
            } catch (java.io.IOException e) {
                throw new java.io.IOException(file + ": " + e.getMessage(), e);
            }
        }
        if (stats) {
            double s = (System.nanoTime() - started) / 1e9;
            System.err.printf(Locale.ROOT, "decompressed %d bytes in %.3f s: %.1f MiB/s%n", bytes, s, bytes / s / (1 << 20));
        }
        return Main.OK;
    }
}
