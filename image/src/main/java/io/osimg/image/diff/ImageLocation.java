package io.osimg.image.diff;

import io.osimg.core.store.ImageFiles;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where one image's files are for reading: {@code img.tar.lz4} and the small files beside it (sbom.cdx.json,
 * packages.txt). A local directory or an image URL (fetched through transfer's {@link Fetcher}: deadlines, retries,
 * mirrors).
 */
public sealed interface ImageLocation {

    /** The most a side file may hold. */
    long MAX_SIDE_FILE = 64L << 20;

    /** The image as the user named it, for messages. */
    String describe();

    /** A file beside {@code img.tar.lz4}, or empty when the image has none. */
    Optional<byte[]> sideFile(String name) throws IOException;

    /** The compressed image, {@code img.tar.lz4}. */
    InputStream openImage() throws IOException;

    /** A local {@code img.tar.lz4} (its directory holds the side files). */
    static ImageLocation file(Path image) {
        return new Local(image);
    }

    /** An {@code img.tar.lz4} at these URLs (a primary and its mirrors), its side files beside it. */
    static ImageLocation http(Fetcher fetcher, List<URI> imageUrls) {
        return new Remote(fetcher, List.copyOf(imageUrls));
    }

    /** A local image. */
    record Local(Path image) implements ImageLocation {
        public Local {
            Objects.requireNonNull(image, "image");
        }

        @Override
        public String describe() {
            return image.getParent() == null ? image.toString() : image.getParent().toString();
        }

        @Override
        public Optional<byte[]> sideFile(String name) throws IOException {
            Path f = image.resolveSibling(name);
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (Files.size(f) > MAX_SIDE_FILE) {
                throw new IOException(f + ": larger than " + MAX_SIDE_FILE + " bytes");
            }
            return Optional.of(Files.readAllBytes(f));
        }

        @Override
        public InputStream openImage() throws IOException {
            if (!Files.isRegularFile(image)) {
                throw new NoSuchFileException(image.toString(), null, "no " + ImageFiles.IMAGE + " there");
            }
            return new BufferedInputStream(Files.newInputStream(image), 1 << 16);
        }
    }

    /** An image served over HTTP(S). */
    record Remote(Fetcher fetcher, List<URI> urls) implements ImageLocation {
        @Override
        public String describe() {
            return urls.getFirst().resolve(".").toString();
        }

        @Override
        public Optional<byte[]> sideFile(String name) throws IOException {
            List<URI> siblings = urls.stream().map(u -> u.resolve(name)).toList();
            try (InputStream in = fetcher.open(siblings, Set.of(), null)) {
                byte[] b = in.readNBytes((int) MAX_SIDE_FILE + 1);
                if (b.length > MAX_SIDE_FILE) {
                    throw new IOException(siblings.getFirst() + ": larger than " + MAX_SIDE_FILE + " bytes");
                }
                return Optional.of(b);
            } catch (TransferException e) {
                if (e.status() == 404 || e.status() == 410) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        @Override
        public InputStream openImage() throws IOException {
            return new BufferedInputStream(fetcher.open(urls, Set.of(), null), 1 << 16);
        }
    }
}
