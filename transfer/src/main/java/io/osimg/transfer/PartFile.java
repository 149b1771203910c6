package io.osimg.transfer;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * A partial download {@code <target>.part} and its sidecar {@code <target>.part.meta}, which holds the URL,
 * validator (ETag, Last-Modified) and size of the object the partial bytes came from.
 */
record PartFile(Path data, Path meta) {

    static PartFile of(Path target) {
        String name = target.getFileName().toString();
        return new PartFile(target.resolveSibling(name + ".part"), target.resolveSibling(name + ".part.meta"));
    }

    /** Where to continue, if the partial file has bytes and a sidecar with a validator to prove what they are. */
    Optional<ResumePoint> resumePoint() throws IOException {
        if (!Files.isRegularFile(data) || !Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Validator validator = new Validator(p.getProperty("etag"), p.getProperty("lastModified"));
        long size = Files.size(data);
        long total;
        URI url;
        try {
            total = Long.parseLong(p.getProperty("length", "-1"));
            url = p.getProperty("url") == null ? null : URI.create(p.getProperty("url"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (validator.ifRange().isEmpty() || url == null || size == 0 || (total >= 0 && size > total)) {
            return Optional.empty();
        }
        return Optional.of(new ResumePoint(size, url, validator, total));
    }

    void writeMeta(ResumePoint point) throws IOException {
        Properties p = new Properties();
        if (point.url() != null) {
            p.setProperty("url", point.url().toString());
        }
        if (point.validator().etag() != null) {
            p.setProperty("etag", point.validator().etag());
        }
        if (point.validator().lastModified() != null) {
            p.setProperty("lastModified", point.validator().lastModified());
        }
        p.setProperty("length", Long.toString(point.totalBytes()));
        Path tmp = meta.resolveSibling(meta.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "osimg partial download");
        }
        Files.move(tmp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void delete() throws IOException {
        Files.deleteIfExists(data);
        deleteMeta();
    }

    void deleteMeta() throws IOException {
        Files.deleteIfExists(meta);
    }
}
