package io.osimg.catalog;

import io.osimg.core.image.ImageId;
import io.osimg.core.store.Channel;
import io.osimg.core.text.TextFile;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A read-only image catalog, the one room where {@code list}, {@code resolve}, {@code install} and the mirror find
 * images: a store directory (read directly), an osimg server (its JSON API), a bucket or any server answering S3
 * {@code ListObjectsV2} over HTTP (the listing and the small files, derived like a directory), or a JSON export
 * (the array {@code osimg list -o json} and the server's API print; metal-api's image list is one too).
 *
 * <p>One selection rule ({@link CatalogSnapshot#latest}, {@code ImageSelector}), one expiration rule
 * ({@code ImageLifetime}, applied where images are derived from a store), one rule for bad entries
 * ({@link Skipped}), one failure when nothing matches ({@link NoMatchingImageException}).
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

    /**
     * What an ID means, the same for {@code resolve}, {@code install} and every kind of catalog: the newest
     * release the selection rule picks; else, when the ID is exactly that of a stable build (before a pull-request
     * build), that build, with a note saying so (every ID {@code list} prints thus resolves).
     *
     * @throws NoMatchingImageException when neither exists
     */
    default Resolution resolve(ImageId id) throws IOException {
        Optional<CatalogImage> release = latest(id);
        if (release.isPresent()) {
            return new Resolution(release.get(), null);
        }
        Optional<CatalogImage> build = list(new CatalogFilter(id.os(), null, null, null)).stream()
                .filter(i -> !i.isRelease() && i.id().raw().equals(id.raw()))
                .min(Comparator.comparing((CatalogImage i) -> i.channel() == Channel.PULL_REQUEST)
                        .thenComparing(CatalogImage::directory));
        if (build.isPresent()) {
            CatalogImage b = build.get();
            return new Resolution(b, "no release matches " + id + "; it is the " + b.channelName() + " build at "
                    + b.directory());
        }
        throw new NoMatchingImageException(id, describe(), newestOf(id.os()));
    }

    /** Releases what reading it needed (the HTTP client). */
    @Override
    default void close() {
    }

    /**
     * Opens {@code spec}: an {@code http(s)://} URL (an osimg server, else an S3 listing), a directory, or a JSON
     * file.
     *
     * @param transfer how to reach a server: deadlines, attempts and retries, the CAs of {@code --ca-cert}
     * @throws IllegalArgumentException when it is none of them
     */
    static CatalogSource open(String spec, TransferOptions transfer) throws IOException {
        if (spec != null && isHttp(spec)) {
            return open(spec, new HttpReader(new Fetcher(transfer), true));
        }
        return open(spec, (HttpReader) null);
    }

    /**
     * Opens {@code spec} as {@link #open(String, TransferOptions)} does, reaching servers through {@code fetcher}
     * (which stays open when the source is closed).
     */
    static CatalogSource open(String spec, Fetcher fetcher) throws IOException {
        return open(spec, spec != null && isHttp(spec) ? new HttpReader(fetcher, false) : null);
    }

    private static CatalogSource open(String spec, HttpReader http) throws IOException {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--catalog: empty");
        }
        if (http != null) {
            return HttpCatalogSource.open(URI.create(spec.replaceFirst("/+$", "")), http);
        }
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) {
            return new SnapshotSource(new StoreScanner(new DirectoryView(p)).scan(), spec);
        }
        if (Files.exists(p)) {
            return TextFile.parse(p, json -> new SnapshotSource(CatalogJson.readAll(json, spec), spec));
        }
        throw new NoSuchFileException(spec, null, "--catalog is neither an http(s) URL, a store directory nor a JSON file");
    }

    /** True for {@code http://} and {@code https://} (any case). */
    static boolean isHttp(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    /** A catalog held in memory: a store directory, a JSON export or a bucket's listing, each read once. */
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
