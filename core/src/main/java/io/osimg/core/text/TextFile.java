package io.osimg.core.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Function;

/**
 * Reads a small text document given on a command line (a machine document, a catalog, an in-use list, a layout) in
 * one bounded read: only a regular file, at most {@link #MAX_SIZE} bytes (checked before reading, and again while
 * reading, so a file that grows or a {@code /proc} file whose size says 0 cannot run the heap out), strictly UTF-8.
 * Every refusal is a {@link FileSystemException} naming the file and the problem, such as
 * {@code "machine.json: not UTF-8 text (byte 17)"}.
 */
public final class TextFile {

    /** The largest document read: far beyond any machine document or image list, far below the heap. */
    public static final long MAX_SIZE = 16L << 20;

    private TextFile() {
    }

    /** The text of {@code file}, at most {@link #MAX_SIZE} bytes of UTF-8. */
    public static String read(Path file) throws IOException {
        return read(file, MAX_SIZE);
    }

    /**
     * Reads {@code file} and parses it; bad content ({@link IllegalArgumentException} from {@code parser}) fails
     * like a bad file, naming the file: {@code "machine.json: machine document: cannot be read: ..."}.
     */
    public static <T> T parse(Path file, Function<String, T> parser) throws IOException {
        String text = read(file);
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            FileSystemException refused = refused(file, e.getMessage());
            refused.initCause(e);
            throw refused;
        }
    }

    /** The text of {@code file}, at most {@code maxSize} bytes of UTF-8. */
    public static String read(Path file, long maxSize) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (attrs.isDirectory()) {
            throw refused(file, "is a directory, not a file");
        }
        if (!attrs.isRegularFile()) {
            throw refused(file, "not a regular file (a device, FIFO or socket)");
        }
        if (attrs.size() > maxSize) {
            throw tooLarge(file, attrs.size() + " bytes", maxSize);
        }
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             InputStream in = Channels.newInputStream(ch)) {
            bytes = in.readNBytes((int) maxSize + 1);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw refused(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        if (bytes.length > maxSize) {
            throw tooLarge(file, "more than " + maxSize + " bytes", maxSize);
        }
        return decode(file, bytes);
    }

    /**
     * Strict UTF-8: the first byte that is not part of a valid sequence is named by its offset. Checked through a small
     * buffer, so the text is held once as bytes and once as the string, not a third time as a char buffer.
     */
    static String decode(Path file, byte[] bytes) throws FileSystemException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer scratch = CharBuffer.allocate(8192);
        CoderResult r;
        do {
            scratch.clear();
            r = decoder.decode(in, scratch, true);
        } while (r.isOverflow());
        if (!r.isError()) {
            scratch.clear();
            r = decoder.flush(scratch);
        }
        if (r.isError()) {
            throw refused(file, "not UTF-8 text (byte " + in.position() + ")");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static FileSystemException tooLarge(Path file, String size, long max) {
        return refused(file, "too large for a document (" + size + ", at most " + max + ")");
    }

    private static FileSystemException refused(Path file, String reason) {
        return new FileSystemException(file.toString(), null, reason);
    }
}
