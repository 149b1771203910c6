package io.osimg.store.catalog;

import io.osimg.core.text.TextFile;
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
import javax.net.ssl.SSLContext;

/**
 * Where {@code osimg list} and {@code osimg resolve} find images: a store directory (read directly), the URL of an
 * osimg server (its JSON API) or a JSON file of image records (metal-api's image list).
 */
public interface CatalogSource {

    /** The images matching the filter, sorted by OS, version, channel. */
    List<CatalogImage> list(CatalogFilter filter) throws IOException;

    /** The newest release for the ID (contract section 3), empty when none matches. */
    Optional<CatalogImage> latest(ImageId id) throws IOException;

    /** The newest release of the OS, for "nothing matches" messages. */
    Optional<CatalogImage> newestOf(String os) throws IOException;

    /** The catalog as given on the command line. */
    String describe();

    /**
     * Opens {@code spec}: an {@code http(s)://} URL, a directory, or a JSON file.
     *
     * @param tls the trust for an https server (with the CAs of {@code --ca-cert}: {@code CaCertificates.sslContext}),
     *            null for the JDK's default
     * @throws IllegalArgumentException when it is none of them
     */
    static CatalogSource open(String spec, SSLContext tls) throws IOException {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--catalog: empty");
        }
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new HttpCatalogSource(URI.create(spec.replaceFirst("/+$", "")), tls);
        }
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) {
            return new SnapshotSource(new StoreScanner(new DirectoryView(p)).scan(), spec);
        }
        if (Files.exists(p)) {
            return TextFile.parse(p, json -> new SnapshotSource(CatalogSnapshot.of(Catalog.fromJson(json)), spec));
        }
        throw new NoSuchFileException(spec, null, "--catalog is neither an http(s) URL nor an existing store directory or JSON file");
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
