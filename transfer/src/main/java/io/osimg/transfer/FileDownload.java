package io.osimg.transfer;

import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.Digests;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One call of {@link Fetcher#download}: resume a partial file if it is still good, fetch the rest, rename. */
final class FileDownload {

    private static final int BUFFER = 256 * 1024;

    private final Fetcher fetcher;
    private final List<URI> mirrors;
    private final Path target;
    private final Set<DigestAlgorithm> algorithms;
    private final ProgressListener listener;
    private final PartFile part;

    FileDownload(Fetcher fetcher, List<URI> mirrors, Path target, Set<DigestAlgorithm> algorithms, ProgressListener listener) {
        this.fetcher = fetcher;
        this.mirrors = mirrors;
        this.target = target.toAbsolutePath();
        this.algorithms = algorithms;
        this.listener = listener;
        this.part = PartFile.of(this.target);
    }

    Download run() throws IOException {
        Files.createDirectories(target.getParent());
        FetchStream stream = resume().orElse(null);
        long resumedFrom = stream == null ? 0 : stream.offset();
        if (stream == null) {
            part.delete();
            stream = fetcher.open(mirrors, Digests.of(algorithms), ResumePoint.START, listener);
        }
        try (FetchStream in = stream;
             FileChannel out = FileChannel.open(part.data(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.APPEND)) {
            if (resumedFrom == 0) {
                part.writeMeta(new ResumePoint(0, in.currentUrl(), in.validator(), in.contentLength()));
            }
            copy(in, out);
            out.force(true);
        } catch (IOException e) {
            throw new IOException("downloading " + mirrors.getFirst() + " to " + target + ": " + e.getMessage()
                    + " (partial file kept in " + part.data() + ")", e);
        }
        Files.move(part.data(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        part.deleteMeta();
        return new Download(target, stream.offset(), stream.digests(), stream.attempts(), stream.bytesRedownloaded(),
                resumedFrom);
    }

    /** A stream continuing the partial file, or empty when there is none or the object changed since. */
    private Optional<FetchStream> resume() throws IOException {
        Optional<ResumePoint> point = part.resumePoint();
        if (point.isEmpty()) {
            return Optional.empty();
        }
        Digests digests = Digests.of(algorithms);
        try (InputStream in = Files.newInputStream(part.data())) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digests.update(buffer, 0, n);
            }
        }
        try {
            return Optional.of(fetcher.open(mirrors, digests, point.get(), listener));
        } catch (ObjectChangedException e) {
            return Optional.empty();
        }
    }

    private static void copy(InputStream in, FileChannel out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
        }
    }
}
