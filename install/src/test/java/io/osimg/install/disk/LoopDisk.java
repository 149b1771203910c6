package io.osimg.install.disk;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** A sparse file attached as a loop device with partition scanning; close() detaches it and deletes the file. */
final class LoopDisk implements AutoCloseable {

    private final Commands commands = new Commands();
    private final Path file;
    final String device;

    LoopDisk(Path dir, long mib) throws IOException {
        file = Files.createTempFile(dir, "disk-", ".img");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(mib << 20);
        }
        device = commands.output("losetup", "-fP", "--show", file.toString());
    }

    /** Fills the first MiB with a pattern and returns it. */
    byte[] scribbleFirstMiB(long seed) throws IOException {
        byte[] b = new byte[1 << 20];
        new Random(seed).nextBytes(b);
        try (RandomAccessFile f = new RandomAccessFile(device, "rw")) {
            f.write(b);
        }
        return b;
    }

    byte[] firstMiB() throws IOException {
        byte[] b = new byte[1 << 20];
        try (RandomAccessFile f = new RandomAccessFile(device, "r")) {
            f.readFully(b);
        }
        return b;
    }

    /** The offset of the first byte of the first MiB that differs from {@code expected}, -1 when none does. */
    int firstMiBMismatch(byte[] expected) throws IOException {
        return Arrays.mismatch(firstMiB(), expected);
    }

    String name() {
        return Path.of(device).getFileName().toString();
    }

    @Override
    public void close() throws IOException {
        try {
            commands.run("losetup", "-d", device);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
