package io.osimg.install;

import io.osimg.catalog.CatalogImage;
import io.osimg.catalog.CatalogSource;
import io.osimg.catalog.NoMatchingImageException;
import io.osimg.catalog.Resolution;
import io.osimg.core.image.ImageId;
import io.osimg.core.store.ImageFiles;
import io.osimg.transfer.Fetcher;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns {@code --image}, {@code --catalog} and {@code --mirror} into an {@link ImageSource}: a thin layer over the
 * catalog ({@link CatalogSource}), which alone decides what an ID means.
 *
 * <ul>
 *   <li>{@code --image} an http(s) URL: of {@code img.tar.lz4} or of its directory;</li>
 *   <li>{@code --image} a local path: {@code img.tar.lz4} or its directory ({@code file:} URLs too);</li>
 *   <li>{@code --image ID --catalog C}: what {@link CatalogSource#resolve} makes of the ID in C (a store
 *       directory, an osimg server, a bucket's S3 listing, a JSON export): the newest release, else a stable
 *       build by its exact ID (with a note), else {@link NoMatchingImageException}.</li>
 * </ul>
 * Each {@code --mirror} is a base URL holding the same keys: the image's key (its path below the catalog, or the
 * URL's path for a direct URL) is appended to it, and the mirrors are tried in order after the primary.
 */
public final class ImageResolver {

    private final Fetcher fetcher;

    public ImageResolver(Fetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** As {@link #resolve(String, String, List, Consumer)}, dropping notes. */
    public ImageSource resolve(String image, String catalog, List<URI> mirrors) throws IOException {
        return resolve(image, catalog, mirrors, note -> { });
    }

    /**
     * @param catalog null when {@code image} is a URL or a path
     * @param notes   receives what the user should know about the choice (a stable build taken by its ID)
     * @throws NoMatchingImageException when no image matches
     * @throws IllegalArgumentException when the arguments do not fit together
     */
    public ImageSource resolve(String image, String catalog, List<URI> mirrors, Consumer<String> notes) throws IOException {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("--image: empty");
        }
        mirrors = mirrors == null ? List.of() : mirrors;
        for (URI m : mirrors) {
            if (!CatalogSource.isHttp(m.toString())) {
                throw new IllegalArgumentException("--mirror " + m + ": not an http(s) URL");
            }
        }
        if (CatalogSource.isHttp(image)) {
            URI url = imageUrl(URI.create(image));
            return withMirrors(null, url, url.getRawPath().replaceFirst("^/+", ""), mirrors);
        }
        if (image.startsWith("file:") || catalog == null) {
            Path p = image.startsWith("file:") ? Path.of(URI.create(image)) : Path.of(image);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("--image " + image + ": no such file"
                        + (looksLikeId(image) ? "; an image ID needs --catalog" : ""));
            }
            return local(null, Files.isDirectory(p) ? p.resolve(ImageFiles.IMAGE) : p, mirrors);
        }
        ImageId id = ImageId.parse(image);
        try (CatalogSource source = CatalogSource.open(catalog, fetcher)) {
            Resolution r = source.resolve(id);
            if (r.note() != null) {
                notes.accept(r.note());
            }
            return sourceOf(r.image(), catalog, mirrors);
        }
    }

    /** Where the image's bytes are: below a store directory, at a record's URL, below a server's or bucket's URL. */
    private static ImageSource sourceOf(CatalogImage image, String catalog, List<URI> mirrors) {
        String id = image.id().raw();
        String url = image.record().url();
        if (CatalogSource.isHttp(catalog)) {
            URI base = URI.create(catalog.replaceFirst("/+$", ""));
            URI u = imageUrl(CatalogSource.isHttp(url) ? URI.create(url)
                    : url.startsWith("/") ? base.resolve(url) : URI.create(base + "/" + url));
            return withMirrors(id, u, keyBelow(base, u), mirrors);
        }
        Path c = Path.of(catalog);
        if (Files.isDirectory(c) && image.imageKey() != null) {
            return local(id, c.resolve(image.imageKey()), mirrors);
        }
        if (url.isBlank()) {
            throw new IllegalArgumentException("catalog " + catalog + ": image " + id + " has no url");
        }
        if (CatalogSource.isHttp(url)) {
            URI u = imageUrl(URI.create(url));
            return withMirrors(id, u, u.getRawPath().replaceFirst("^/+", ""), mirrors);
        }
        Path p = c.toAbsolutePath().getParent().resolve(url);
        return local(id, Files.isDirectory(p) ? p.resolve(ImageFiles.IMAGE) : p, mirrors);
    }

    private static ImageSource local(String id, Path file, List<URI> mirrors) {
        if (!mirrors.isEmpty()) {
            throw new IllegalArgumentException("--mirror needs an image fetched over http(s), not the local file " + file);
        }
        return ImageSource.ofFile(id, file.toAbsolutePath());
    }

    private static ImageSource withMirrors(String id, URI primary, String key, List<URI> mirrors) {
        List<URI> urls = new ArrayList<>();
        urls.add(primary);
        for (URI m : mirrors) {
            urls.add(URI.create(m.toString().replaceFirst("/+$", "") + "/" + key));
        }
        return ImageSource.of(id, urls);
    }

    /** A URL of img.tar.lz4, or of its directory. */
    private static URI imageUrl(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (path.endsWith("/" + ImageFiles.IMAGE)) {
            return url;
        }
        return url.resolve((path.endsWith("/") ? path : path + "/") + ImageFiles.IMAGE);
    }

    private static String keyBelow(URI base, URI image) {
        String b = base.getRawPath() == null ? "" : base.getRawPath().replaceFirst("/+$", "");
        String p = image.getRawPath();
        String rel = p.startsWith(b + "/") ? p.substring(b.length() + 1) : p;
        return rel.replaceFirst("^/+", "");
    }

    private static boolean looksLikeId(String s) {
        try {
            ImageId.parse(s);
            return !s.contains("/");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
