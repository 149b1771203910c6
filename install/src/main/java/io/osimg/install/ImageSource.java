package io.osimg.install;

import io.osimg.core.store.ImageFiles;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the bytes of one {@code img.tar.lz4} come from: the same object at one or more HTTP(S) URLs (tried in order,
 * failing over), or a local file. Its checksum files are its siblings ({@code img.tar.lz4.md5}, ...).
 *
 * @param id    the image ID it was resolved from, or null when given directly
 * @param urls  the URLs of the object, first the primary; empty for a local file
 * @param file  the local file, null for HTTP
 */
public record ImageSource(String id, List<URI> urls, Path file) {

    public ImageSource {
        urls = List.copyOf(urls == null ? List.of() : urls);
        if (urls.isEmpty() == (file == null)) {
            throw new IllegalArgumentException("image source: give either URLs or a file");
        }
    }

    public static ImageSource of(String id, List<URI> urls) {
        return new ImageSource(id, urls, null);
    }

    public static ImageSource ofFile(String id, Path file) {
        return new ImageSource(id, List.of(), Objects.requireNonNull(file, "file"));
    }

    public boolean isLocal() {
        return file != null;
    }

    /** The primary location as text, for messages. */
    public String describe() {
        return isLocal() ? file.toString() : urls.getFirst().toString();
    }

    /** The URLs of a sibling file such as {@code img.tar.lz4.md5}, one per mirror. */
    public List<URI> siblingUrls(String fileName) {
        return urls.stream().map(u -> u.resolve(fileName)).toList();
    }

    /** The local sibling file such as {@code img.tar.lz4.md5}. */
    public Path siblingFile(String fileName) {
        return file.resolveSibling(fileName);
    }

    /** The checksum file name of an image file: {@code img.tar.lz4} + suffix. */
    static String checksumName(String suffix) {
        return ImageFiles.IMAGE + suffix;
    }
}
