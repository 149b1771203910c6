package io.osimg.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.image.ImageId;
import io.osimg.core.json.Mappers;
import io.osimg.transfer.Fetcher;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The JSON API of an osimg server: {@code GET /api/v1/images[?os=..]} and {@code /api/v1/images/{id}/latest},
 * fetched through a {@link Fetcher} (its deadlines, retries, redirects and trust).
 */
final class HttpCatalogSource implements CatalogSource {

    /** An OS name no image has: the probe's answer is an empty array from an osimg server. */
    private static final String PROBE = "/api/v1/images?os=osimg-probe";

    private final URI base;
    private final HttpReader http;

    private HttpCatalogSource(URI base, HttpReader http) {
        this.base = base;
        this.http = http;
    }

    /**
     * The catalog at {@code base}: an osimg server's API when {@code GET /api/v1/images} answers, else the S3
     * listing at {@code base} (a bucket), derived like a store directory.
     */
    static CatalogSource open(URI base, HttpReader http) throws IOException {
        try {
            if (http.getIfPresent(URI.create(base + PROBE)).isPresent()) {
                return new HttpCatalogSource(base, http);
            }
            CatalogSnapshot snapshot = new StoreScanner<>(new S3ListingView(base, http, 0)).scan();
            http.close();
            return new SnapshotSource(snapshot, base.toString()); // a bucket, read once: image URLs are its keys below the catalog URL
        } catch (IOException | RuntimeException e) {
            http.close();
            throw e;
        }
    }

    @Override
    public List<CatalogImage> list(CatalogFilter f) throws IOException {
        StringBuilder q = new StringBuilder();
        param(q, "os", f.os());
        param(q, "version", f.version());
        param(q, "classification", f.classification());
        param(q, "feature", f.feature());
        JsonNode array = get("/api/v1/images" + q).orElseThrow(() ->
                new IOException("GET " + base + "/api/v1/images: 404 (is this an osimg server?)"));
        if (!array.isArray()) {
            throw new IOException("GET " + base + "/api/v1/images: the answer is not a JSON array");
        }
        List<CatalogImage> images = new ArrayList<>();
        for (JsonNode n : array) {
            CatalogJson.readEntry(n, base.toString()).ifPresent(images::add);
        }
        return images;
    }

    @Override
    public Optional<CatalogImage> latest(ImageId id) throws IOException {
        Optional<JsonNode> answer = get("/api/v1/images/" + enc(id.raw()) + "/latest");
        return answer.isEmpty() ? Optional.empty() : CatalogJson.readEntry(answer.get(), base.toString());
    }

    @Override
    public Optional<CatalogImage> newestOf(String os) throws IOException {
        return list(new CatalogFilter(os, null, null, null)).stream().filter(CatalogImage::isRelease)
                .max(Comparator.comparing(i -> i.id().version()));
    }

    @Override
    public String describe() {
        return base.toString();
    }

    private static void param(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append(q.isEmpty() ? '?' : '&').append(name).append('=').append(enc(value));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The JSON answer, or empty on 404. */
    private Optional<JsonNode> get(String pathAndQuery) throws IOException {
        URI uri = URI.create(base + pathAndQuery);
        Optional<byte[]> body = http.getIfPresent(uri);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Mappers.json().readTree(body.get()));
        } catch (IOException e) {
            throw new IOException("GET " + uri + ": the answer is not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
