package io.osimg.install;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.image.Catalog;
import io.osimg.core.image.ImageId;
import io.osimg.core.image.ImageRecord;
import io.osimg.core.image.ImageSelector;
import io.osimg.core.json.Mappers;
import io.osimg.core.store.Channel;
import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreKey;
import io.osimg.core.store.StoreLayout;
import io.osimg.core.text.TextFile;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns {@code --image}, {@code --catalog} and {@code --mirror} into an {@link ImageSource}.
 *
 * <ul>
 *   <li>{@code --image} an http(s) URL: of {@code img.tar.lz4} or of its directory;</li>
 *   <li>{@code --image} a local path: {@code img.tar.lz4} or its directory ({@code file:} URLs too);</li>
 *   <li>{@code --image ID --catalog C}: the newest image for the ID ({@link ImageSelector}: {@code debian-12}
 *       picks the newest 12.x release, a full ID exactly that one), where C is a store directory (walked for
 *       {@code img.tar.lz4}, keys mapped to IDs by {@link StoreLayout}), a JSON catalog file (metal-api's image
 *       list, {@link Catalog#fromJson}), or the URL of an osimg server ({@code GET /api/v1/images/{id}/latest})
 *       or of a plain bucket (S3 listing {@code GET /?list-type=2&prefix=}, tried when the API does not answer).</li>
 * </ul>
 * Each {@code --mirror} is a base URL holding the same keys: the image's key (its path below the catalog, or the
 * URL's path for a direct URL) is appended to it, and the mirrors are tried in order after the primary.
 */
public final class ImageResolver {

    private final SmallFiles files;

    public ImageResolver(Fetcher fetcher) {
        this.files = new SmallFiles(fetcher);
    }

    /**
     * @param catalog null when {@code image} is a URL or a path
     * @throws IllegalArgumentException when the arguments do not fit together or no image matches
     */
    public ImageSource resolve(String image, String catalog, List<URI> mirrors) throws IOException {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("--image: empty");
        }
        mirrors = mirrors == null ? List.of() : mirrors;
        for (URI m : mirrors) {
            if (!isHttp(m.toString())) {
                throw new IllegalArgumentException("--mirror " + m + ": not an http(s) URL");
            }
        }
        if (isHttp(image)) {
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
        if (isHttp(catalog)) {
            return fromServer(id, URI.create(catalog.replaceFirst("/+$", "")), mirrors);
        }
        Path c = Path.of(catalog);
        if (Files.isDirectory(c)) {
            return fromStoreDirectory(id, c, mirrors);
        }
        if (Files.exists(c)) {
            return fromCatalogFile(id, c, mirrors);
        }
        throw new NoSuchFileException(catalog, null, "--catalog is neither an http(s) URL, a store directory nor a JSON "
                + "file");
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

    /** A candidate image: its ID and its key below the catalog. */
    private record Candidate(ImageId id, StoreKey key) {
    }

    private ImageSource fromStoreDirectory(ImageId id, Path dir, List<URI> mirrors) throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(p -> p.getFileName().toString().equals(ImageFiles.IMAGE))::iterator) {
                String key = dir.relativize(p).toString().replace('\\', '/');
                StoreLayout.parseKey(key).flatMap(ImageResolver::candidate).ifPresent(candidates::add);
            }
        }
        Candidate best = select(id, candidates, dir.toString());
        return local(best.id().raw(), dir.resolve(best.key().key()), mirrors);
    }

    private ImageSource fromCatalogFile(ImageId id, Path file, List<URI> mirrors) throws IOException {
        Catalog catalog = TextFile.parse(file, Catalog::fromJson);
        ImageRecord r = catalog.resolve(id).orElseThrow(() -> noMatch(id, file.toString()));
        if (r.url().isBlank()) {
            throw new IllegalArgumentException("catalog " + file + ": image " + r.id() + " has no url");
        }
        if (isHttp(r.url())) {
            URI url = imageUrl(URI.create(r.url()));
            return withMirrors(r.id().raw(), url, url.getRawPath().replaceFirst("^/+", ""), mirrors);
        }
        Path p = file.toAbsolutePath().getParent().resolve(r.url());
        return local(r.id().raw(), Files.isDirectory(p) ? p.resolve(ImageFiles.IMAGE) : p, mirrors);
    }

    private ImageSource fromServer(ImageId id, URI base, List<URI> mirrors) throws IOException {
        URI api = URI.create(base + "/api/v1/images/" + URLEncoder.encode(id.raw(), StandardCharsets.UTF_8) + "/latest");
        IOException apiFailure;
        try {
            JsonNode answer = Mappers.json().readTree(files.get(List.of(api)));
            String url = answer.path("url").asText("");
            String found = answer.path("id").asText(id.raw());
            if (url.isEmpty()) {
                throw new IOException("GET " + api + ": the answer has no url");
            }
            URI image = imageUrl(base.resolve(url));
            String key = keyBelow(base, image);
            return withMirrors(found, image, key, mirrors);
        } catch (IOException e) {
            apiFailure = e;
        }
        try {
            return fromListing(id, base, mirrors);
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException && apiFailure instanceof TransferException t && t.status() == 404) {
                throw e; // the listing worked and has no such image
            }
            e.addSuppressed(apiFailure);
            throw e;
        }
    }

    private ImageSource fromListing(ImageId id, URI base, List<URI> mirrors) throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            URI page = URI.create(base + "/?list-type=2&prefix="
                    + (token == null ? "" : "&continuation-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            StoreListing listing = StoreListing.parse(files.get(List.of(page)), page.toString());
            for (String key : listing.keys()) {
                if (key.endsWith("/" + ImageFiles.IMAGE)) {
                    StoreLayout.parseKey(key).flatMap(ImageResolver::candidate).ifPresent(candidates::add);
                }
            }
            token = listing.nextContinuation();
        } while (token != null && ++pages < 10_000);
        Candidate best = select(id, candidates, base.toString());
        String key = best.key().key();
        return withMirrors(best.id().raw(), URI.create(base + "/" + key), key, mirrors);
    }

    private static String keyBelow(URI base, URI image) {
        String b = base.getRawPath() == null ? "" : base.getRawPath().replaceFirst("/+$", "");
        String p = image.getRawPath();
        String rel = p.startsWith(b + "/") ? p.substring(b.length() + 1) : p;
        return rel.replaceFirst("^/+", "");
    }

    private static Optional<Candidate> candidate(StoreKey key) {
        try {
            return Optional.of(new Candidate(StoreLayout.imageIdOf(key), key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The newest match; among equal versions a stable build before a pull request, then by key. */
    private static Candidate select(ImageId id, List<Candidate> candidates, String where) {
        List<Candidate> ordered = candidates.stream()
                .sorted(Comparator.comparing((Candidate c) -> c.key().channel() == Channel.PULL_REQUEST)
                        .thenComparing(c -> c.key().key()))
                .toList();
        return ImageSelector.latest(id, ordered, c -> c.id().raw()).orElseThrow(() -> noMatch(id, where));
    }

    private static IllegalArgumentException noMatch(ImageId id, String where) {
        return new IllegalArgumentException("no image matches " + id + " in " + where);
    }

    private static boolean isHttp(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
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
