package io.osimg.store.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.image.ImageId;
import io.osimg.core.json.Mappers;
import io.osimg.transfer.FetchStream;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferException;
import io.osimg.transfer.TransferOptions;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON API of an osimg server: {@code GET /api/v1/images[?os=..]} and {@code /api/v1/images/{id}/latest}, fetched
 * through a {@link Fetcher}: its deadlines, retries, redirects and trust; answers of at most 16 MiB.
 */
final class HttpCatalogSource implements CatalogSource {

    private static final int MAX_ANSWER = 16 << 20;

    private final URI base;
    private final Fetcher fetcher;

    HttpCatalogSource(URI base, TransferOptions transfer) {
        this.base = base;
        this.fetcher = new Fetcher(transfer);
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
        List<CatalogImage> images = new ArrayList<>();
        for (JsonNode n : array) {
            images.add(CatalogJson.read(n));
        }
        return images;
    }

    @Override
    public Optional<CatalogImage> latest(ImageId id) throws IOException {
        return get("/api/v1/images/" + enc(id.raw()) + "/latest").map(CatalogJson::read);
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
        byte[] body;
        try (FetchStream in = fetcher.open(List.of(uri), Set.of(), null)) {
            body = in.readNBytes(MAX_ANSWER + 1);
        } catch (TransferException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        if (body.length > MAX_ANSWER) {
            throw new IOException("GET " + uri + ": the answer is larger than " + (MAX_ANSWER >> 20) + " MiB");
        }
        try {
            return Optional.of(Mappers.json().readTree(body));
        } catch (IOException e) {
            throw new IOException("GET " + uri + ": the answer is not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        fetcher.close();
    }
}
