package io.osimg.archive.lz4;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Inputs for the LZ4 tests and helpers to run the {@code lz4} command line. */
final class TestData {

    private TestData() {
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Text-like data with repeats at all distances (compresses about 3:1), plus some random and zero runs. */
    static byte[] compressible(int size, long seed) {
        Random r = new Random(seed);
        String[] words = {"usr", "lib", "x86_64-linux-gnu", "share", "doc", "copyright", "changelog.Debian.gz",
            "python3", "dist-packages", "__init__.py", "locale", "LC_MESSAGES", "man", "bin", "etc", "systemd"};
        byte[] out = new byte[size];
        int p = 0;
        while (p < size) {
            int kind = r.nextInt(20);
            byte[] piece;
            if (kind == 0) {
                piece = new byte[r.nextInt(300)];
                r.nextBytes(piece);
            } else if (kind == 1) {
                piece = new byte[r.nextInt(2000)];
            } else if (kind == 2 && p > 70000) {
                int len = Math.min(r.nextInt(500) + 4, size - p);
                int from = p - 1 - r.nextInt(65535);
                for (int i = 0; i < len; i++) {
                    out[p + i] = out[from + i];
                }
                p += len;
                continue;
            } else {
                piece = ("/" + words[r.nextInt(words.length)] + "/" + words[r.nextInt(words.length)] + " "
                        + r.nextInt(1000) + "\n").getBytes(StandardCharsets.US_ASCII);
            }
            int n = Math.min(piece.length, size - p);
            System.arraycopy(piece, 0, out, p, n);
            p += n;
        }
        return out;
    }

    static byte[] encode(byte[] data, Lz4Options opts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Lz4FrameOutputStream out = new Lz4FrameOutputStream(bytes, opts)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    static byte[] decode(byte[] frame) throws IOException {
        try (Lz4FrameInputStream in = new Lz4FrameInputStream(new ByteArrayInputStream(frame))) {
            return in.readAllBytes();
        }
    }

    static boolean lz4Available() {
        try {
            return new ProcessBuilder("lz4", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Result of one {@code lz4} run. */
    record Run(int exitCode, byte[] stdout, String stderr) {
    }

    /** Runs {@code lz4 args...} with {@code stdin} as its input file (or none). */
    static Run lz4(Path stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add("lz4");
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("lz4-stderr", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
                if (stdin != null) {
                    pb.redirectInput(stdin.toFile());
                }
                Process p = pb.start();
                if (stdin == null) {
                    p.getOutputStream().close();
                }
                byte[] out = p.getInputStream().readAllBytes();
                int code = p.waitFor();
                return new Run(code, out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] decodeFile(Path p) throws IOException {
        return decode(Files.readAllBytes(p));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static ByteArrayInputStream stream(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
