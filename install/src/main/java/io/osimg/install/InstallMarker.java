package io.osimg.install;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The mark of an installation that has not finished: {@value #NAME} in the target's root, written and synced
 * before the first entry is extracted, removed only when the installation succeeded (after the contract steps).
 * A target holding it was left by an installation that was killed or failed after extraction; its tree is
 * partial or unconfigured and must be wiped before anything is installed there again.
 *
 * <p>The image cannot plant or overwrite the marker: an entry with this name in the root is refused
 * ({@link #isMarker}). The marker is never followed when it is a symbolic link and only its first
 * {@value #MAX_BYTES} bytes are read.
 */
final class InstallMarker {

    /** The marker's name in the target root. */
    static final String NAME = ".osimg-install";

    private static final String HEADER = "osimg install in progress";
    private static final int MAX_BYTES = 4096;

    /**
     * What a marker says.
     *
     * @param image   the image being installed (URL or path), {@code "an unknown image"} when the marker does not say
     * @param started when the installation started, null when the marker does not say
     */
    record Unfinished(String image, Instant started) {
        /** {@code "IMAGE (started TIME)"}. */
        String describe() {
            return image + " (started " + (started == null ? "at an unknown time" : started) + ")";
        }
    }

    private InstallMarker() {
    }

    /** Writes the marker into the empty {@code target} and syncs it and the directory. */
    static void write(Path target, String image, Instant started) throws IOException {
        String text = HEADER + "\nimage: " + oneLine(image) + "\nstarted: " + started + "\n";
        Path file = target.resolve(NAME);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        } catch (IOException e) {
            throw new IOException("writing the install marker " + file + ": " + e.getMessage(), e);
        }
        try (FileChannel dir = FileChannel.open(target, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** The marker in {@code target}, if there is one. */
    static Optional<Unfinished> read(Path target) throws IOException {
        Path file = target.resolve(NAME);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.of(new Unfinished("an unknown image", null));
        }
        byte[] head;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.allocate(MAX_BYTES);
            while (buf.hasRemaining() && in.read(buf) >= 0) {
                // up to MAX_BYTES
            }
            head = Arrays.copyOf(buf.array(), buf.position());
        }
        String image = "an unknown image";
        Instant started = null;
        for (String line : new String(head, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("image: ")) {
                image = line.substring("image: ".length());
            } else if (line.startsWith("started: ")) {
                try {
                    started = Instant.parse(line.substring("started: ".length()));
                } catch (DateTimeParseException ignored) {
                    // an unknown time
                }
            }
        }
        return Optional.of(new Unfinished(image, started));
    }

    /** Removes the marker: the installation succeeded. */
    static void remove(Path target) throws IOException {
        Files.deleteIfExists(target.resolve(NAME));
    }

    /** Whether the tar entry name {@code raw} names the marker (first component, ignoring {@code .} and slashes). */
    static boolean isMarker(byte[] raw) {
        byte[] name = NAME.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < raw.length) {
            int end = i;
            while (end < raw.length && raw[end] != '/') {
                end++;
            }
            int len = end - i;
            if (len > 0 && !(len == 1 && raw[i] == '.')) {
                return Arrays.equals(raw, i, end, name, 0, name.length);
            }
            i = end + 1;
        }
        return false;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
