package io.osimg.store.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.osimg.core.image.ImageId;
import io.osimg.core.store.ImageFiles;
import io.osimg.store.BlobNotFoundException;
import io.osimg.store.BlobStore;
import io.osimg.catalog.CatalogFilter;
import io.osimg.catalog.CatalogImage;
import io.osimg.catalog.CatalogJson;
import io.osimg.catalog.CatalogSnapshot;
import io.osimg.catalog.NoMatchingImageException;
import io.osimg.store.catalog.StoreCatalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The catalog's JSON API, read-only:
 * <ul>
 *   <li>{@code GET /api/v1/images?os=&version=&classification=&feature=}: a JSON array;</li>
 *   <li>{@code GET /api/v1/images/{id}[?channel=release|stable|<pr-dir>]}: one image, exactly that ID;</li>
 *   <li>{@code GET /api/v1/images/{id}/latest}: the newest release for the ID (contract section 3);</li>
 *   <li>{@code GET /api/v1/images/{id}/packages}: the image's packages.txt as text/plain;</li>
 *   <li>{@code GET /api/v1/images/{id}/sbom}: the image's CycloneDX SBOM ({@code sbom.cdx.json}) as
 *       {@code application/vnd.cyclonedx+json}.</li>
 * </ul>
 * Image URLs are built from {@code base}: the {@code --public-url} when configured, else the address the server
 * listens on; relative (keys, resolved by clients against the API's URL) when it listens on every address. Never
 * from the request's {@code Host} header: an answer is the same for every client, so no cache can be poisoned.
 */
final class ApiResource {

    static final String IMAGES = "/api/v1/images";

    private final StoreCatalog catalog;
    private final BlobStore store;
    /** The URL image keys are appended to (without trailing slash), or null for relative URLs. */
    private final Supplier<String> base;
    private volatile WholeList wholeList;

    ApiResource(StoreCatalog catalog, BlobStore store, Supplier<String> base) {
        this.catalog = catalog;
        this.store = store;
        this.base = base;
    }

    void handle(Exchange ex, RequestTarget target) throws IOException {
        if (catalog == null) {
            throw new RequestRejectedException(ErrorMapper.notFound("this server has no catalog"));
        }
        CatalogSnapshot snapshot = catalog.current();
        String path = target.path();
        if (path.equals(IMAGES) || path.equals(IMAGES + "/")) {
            CatalogFilter filter = new CatalogFilter(target.param("os"), target.param("version"),
                    target.param("classification"), target.param("feature"));
            if (filter.equals(CatalogFilter.ALL)) {
                ex.sendFull(HttpResponseStatus.OK, "application/json", wholeList(snapshot, base.get()));
            } else {
                json(ex, CatalogJson.write(snapshot.filter(filter), base.get()));
            }
            return;
        }
        if (!path.startsWith(IMAGES + "/")) {
            throw new RequestRejectedException(ErrorMapper.notFound("no API resource " + path));
        }
        String rest = path.substring(IMAGES.length() + 1);
        String[] parts = rest.split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw new RequestRejectedException(ErrorMapper.notFound("no API resource " + path));
        }
        String id = parts[0];
        String sub = parts.length == 2 ? parts[1] : "";
        switch (sub) {
            case "" -> json(ex, CatalogJson.write(snapshot.exact(id, target.param("channel"))
                    .orElseThrow(() -> noImage("no image " + id + channelText(target) + " in the catalog")), base.get()));
            case "latest" -> {
                ImageId requested = ImageId.parse(id);
                CatalogImage found = snapshot.latest(requested).orElseThrow(() -> noImage(noMatch(snapshot, requested)));
                json(ex, CatalogJson.write(found, base.get()));
            }
            case "packages" -> sideFile(ex, snapshot.exact(id, target.param("channel"))
                    .orElseThrow(() -> noImage("no image " + id + channelText(target) + " in the catalog")),
                    ImageFiles.PACKAGES, "text/plain; charset=utf-8");
            case "sbom" -> sideFile(ex, snapshot.exact(id, target.param("channel"))
                    .orElseThrow(() -> noImage("no image " + id + channelText(target) + " in the catalog")),
                    ImageFiles.SBOM, "application/vnd.cyclonedx+json");
            default -> throw new RequestRejectedException(ErrorMapper.notFound("no API resource " + path));
        }
    }

    /**
     * The unfiltered list (4 MB of JSON for 10,000 images, asked for again and again by whatever mirrors the
     * catalog) is written once per snapshot and base URL and then sent from memory: no 4 MB of garbage per request.
     */
    private byte[] wholeList(CatalogSnapshot snapshot, String base) {
        WholeList last = wholeList;
        if (last != null && last.snapshot() == snapshot && Objects.equals(last.base(), base)) {
            return last.json();
        }
        byte[] json = CatalogJson.write(snapshot.images(), base).getBytes(StandardCharsets.UTF_8);
        wholeList = new WholeList(snapshot, base, json);
        return json;
    }

    private record WholeList(CatalogSnapshot snapshot, String base, byte[] json) {
    }

    static String noMatch(CatalogSnapshot snapshot, ImageId requested) {
        return NoMatchingImageException.message(requested, null, snapshot.newestOf(requested.os()));
    }

    private static String channelText(RequestTarget target) {
        String c = target.param("channel");
        return c == null ? "" : " in channel " + c;
    }

    /** A small file beside the image (packages.txt, the SBOM), read whole and sent. */
    private void sideFile(Exchange ex, CatalogImage image, String name, String contentType) throws IOException {
        if (image.key() == null) {
            throw new RequestRejectedException(ErrorMapper.notFound("image " + image.id() + " is not stored here"));
        }
        String key = image.key().withFile(name).key();
        byte[] body;
        try (InputStream in = store.open(key)) {
            body = in.readAllBytes();
        } catch (BlobNotFoundException e) {
            throw new RequestRejectedException(ErrorMapper.notFound("image " + image.id() + " has no " + name));
        }
        ex.sendFull(HttpResponseStatus.OK, contentType, body);
    }

    private static RequestRejectedException noImage(String message) {
        return new RequestRejectedException(ErrorMapper.notFound(message));
    }

    private static void json(Exchange ex, String body) {
        ex.sendText(HttpResponseStatus.OK, "application/json", body);
    }
}
