package io.osimg.store.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.image.ImageId;
import io.osimg.core.json.Mappers;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The JSON API of an osimg server: {@code GET /api/v1/images[?os=..]} and {@code /api/v1/images/{id}/latest}, with
 * timeouts; over https with the trust it is given.
 */
final class HttpCatalogSource implements CatalogSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;

    /** @param tls the trust for an https server, null for the JDK's default */
    HttpCatalogSource(URI base, SSLContext tls) {
        this.base = base;
        // redirects are followed, except from https to http (a moved catalog is still the same catalog)
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
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
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("GET " + uri + ": interrupted", e);
        } catch (IOException e) {
            throw new IOException("GET " + uri + ": " + e.getMessage(), e);
        }
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + ": HTTP " + r.statusCode() + " " + r.body().strip());
        }
        try {
            return Optional.of(Mappers.json().readTree(r.body()));
        } catch (IOException e) {
            throw new IOException("GET " + uri + ": the answer is not JSON: " + e.getMessage(), e);
        }
    }
}
