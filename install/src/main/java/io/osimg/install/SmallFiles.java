package io.osimg.install;

import io.osimg.core.text.TextFile;
import io.osimg.transfer.FetchStream;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads small documents (checksum files, catalogs, API answers) over HTTP through a {@link Fetcher}, or from disk. */
final class SmallFiles {

    /** Larger documents are refused: a checksum file is a line, a catalog a few megabytes. */
    static final int LIMIT = 64 << 20;

    private final Fetcher fetcher;

    SmallFiles(Fetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** The document at the first mirror that has it. */
    String get(List<URI> mirrors) throws IOException {
        return new String(getBytes(mirrors), StandardCharsets.UTF_8);
    }

    /** The document's exact bytes (what a signature covers). */
    byte[] getBytes(List<URI> mirrors) throws IOException {
        try (FetchStream in = fetcher.open(mirrors, Set.of(), null)) {
            return readLimited(in, mirrors.getFirst().toString());
        }
    }

    /** The document's bytes, or empty when every mirror answers 404 (or 403/410: S3 answers 403 for a missing key). */
    Optional<byte[]> getBytesIfPresent(List<URI> mirrors) throws IOException {
        try {
            return Optional.of(getBytes(mirrors));
        } catch (TransferException e) {
            if (e.status() == 404 || e.status() == 403 || e.status() == 410) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A file's exact bytes, or empty when there is none; bounded like the documents. */
    static Optional<byte[]> readBytesIfPresent(Path file) throws IOException {
        try {
            return Optional.of(readLimited(Files.newInputStream(file), file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The document, or empty when every mirror answers 404 (or 403/410: S3 answers 403 for a missing key). */
    Optional<String> getIfPresent(List<URI> mirrors) throws IOException {
        return getBytesIfPresent(mirrors).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    static String read(Path file) throws IOException {
        return TextFile.read(file, LIMIT);
    }

    static Optional<String> readIfPresent(Path file) throws IOException {
        try {
            return Optional.of(read(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static byte[] readLimited(InputStream in, String what) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(LIMIT + 1);
            if (bytes.length > LIMIT) {
                throw new IOException("reading " + what + ": larger than " + (LIMIT >> 20) + " MiB, not a checksum file or catalog");
            }
            return bytes;
        }
    }
}
