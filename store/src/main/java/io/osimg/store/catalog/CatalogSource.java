package io.osimg.store.catalog;

import io.osimg.core.text.TextFile;
import io.osimg.transfer.TransferOptions;
import io.osimg.core.image.Catalog;
import io.osimg.core.image.ImageId;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where {@code osimg list} and {@code osimg resolve} find images: a store directory (read directly), the URL of an
 * osimg server (its JSON API) or a JSON file of image records (metal-api's image list).
 */
public interface CatalogSource extends AutoCloseable {

    /** The images matching the filter, sorted by OS, version, channel. */
    List<CatalogImage> list(CatalogFilter filter) throws IOException;

    /** The newest release for the ID (contract section 3), empty when none matches. */
    Optional<CatalogImage> latest(ImageId id) throws IOException;

    /** The newest release of the OS, for "nothing matches" messages. */
    Optional<CatalogImage> newestOf(String os) throws IOException;

    /** The catalog as given on the command line. */
    String describe();

    /** Releases what reading it needed (the HTTP client of a server's API). */
    @Override
    default void close() {
    }

    /**
     * Opens {@code spec}: an {@code http(s)://} URL, a directory, or a JSON file.
     *
     * @param transfer how to reach a server: deadlines, attempts, the CAs of {@code --ca-cert}
     * @throws IllegalArgumentException when it is none of them
     */
    static CatalogSource open(String spec, TransferOptions transfer) throws IOException {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--catalog: empty");
        }
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new HttpCatalogSource(URI.create(spec.replaceFirst("/+$", "")), transfer);
        }
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) {
            return new SnapshotSource(new StoreScanner(new DirectoryView(p)).scan(), spec);
        }
        if (Files.exists(p)) {
            return TextFile.parse(p, json -> new SnapshotSource(CatalogSnapshot.of(Catalog.fromJson(json)), spec));
        }
        throw new NoSuchFileException(spec, null, "--catalog is neither an http(s) URL, a store directory nor a JSON file");
    }

    /** A catalog held in memory. */
    record SnapshotSource(CatalogSnapshot snapshot, String describe) implements CatalogSource {

        @Override
        public List<CatalogImage> list(CatalogFilter filter) {
            return snapshot.filter(filter);
        }

        @Override
        public Optional<CatalogImage> latest(ImageId id) {
            return snapshot.latest(id);
        }

        @Override
        public Optional<CatalogImage> newestOf(String os) {
            return snapshot.newestOf(os);
        }
    }
}
