package io.osimg.store.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.osimg.catalog.CatalogImage;
import io.osimg.catalog.CatalogSnapshot;
import io.osimg.core.packages.PackageList;
import io.osimg.core.store.ImageFiles;
import io.osimg.store.BlobNotFoundException;
import io.osimg.store.BlobStore;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.store.web.WebPages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The web pages ({@link WebPages}) on the server's port, for browsers only: a {@code GET} whose {@code Accept}
 * prefers {@code text/html} (see {@link #wantsHtml}) of {@code /} (the catalog), {@code /api/v1/images/{id}} (an
 * image) or {@code /api/v1/images/{id}/diff} (its changes from the previous release). Every other client gets the
 * S3 listing and the JSON API as before. The stylesheet is {@value WebPages#STYLE}, for any client.
 */
final class PageResource {

    private static final String TEXT_HTML = "text/html; charset=utf-8";
    /** The JDK's URLConnection asks for {@code text/html} first unless told otherwise: it is not a browser. */
    private static final String JDK_DEFAULT_ACCEPT = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2";

    private final StoreCatalog catalog;
    private final BlobStore store;
    private final ServerMetrics metrics;
    private final Supplier<String> base;
    private volatile WebPages pages;
    private volatile byte[] style;

    PageResource(StoreCatalog catalog, BlobStore store, ServerMetrics metrics, Supplier<String> base) {
        this.catalog = catalog;
        this.store = store;
        this.metrics = metrics;
        this.base = base;
    }

    /**
     * A browser's navigation: the first media range of {@code Accept} is {@code text/html} (browsers send
     * {@code text/html,application/xhtml+xml,...}), other than the JDK's default header. curl, wget, the AWS SDK and
     * osimg's own clients send none, {@code *}{@code /*} or {@code application/json}.
     */
    static boolean wantsHtml(HttpRequest request) {
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        if (accept == null || accept.equals(JDK_DEFAULT_ACCEPT)) {
            return false;
        }
        String first = accept.split(",", 2)[0].split(";", 2)[0].strip();
        return first.equalsIgnoreCase("text/html") || first.equalsIgnoreCase("application/xhtml+xml");
    }

    boolean handles(HttpRequest request, RequestTarget target) {
        String path = target.path();
        if (path.equals(WebPages.STYLE)) {
            return true;
        }
        if (catalog == null || !wantsHtml(request)) {
            return false;
        }
        if (path.equals("/")) {
            return !target.has("list-type") && !target.has("prefix") && !target.has("delimiter") && !target.has("marker");
        }
        if (!path.startsWith(WebPages.IMAGES)) {
            return false;
        }
        String[] parts = path.substring(WebPages.IMAGES.length()).split("/", -1);
        return !parts[0].isEmpty() && (parts.length == 1 || parts.length == 2 && parts[1].equals("diff"));
    }

    void handle(Exchange ex, HttpRequest request, RequestTarget target) throws IOException {
        String path = target.path();
        if (path.equals(WebPages.STYLE)) {
            ex.sendFull(HttpResponseStatus.OK, "text/css; charset=utf-8", style(), "Cache-Control", "max-age=3600");
            return;
        }
        WebPages p = pages();
        ServerMetrics.Counts counts = metrics.counts();
        if (path.equals("/")) {
            html(ex, p.catalog(page(target.param("page")), counts));
            return;
        }
        String[] parts = path.substring(WebPages.IMAGES.length()).split("/", -1);
        String id = parts[0];
        String channel = target.param("channel");
        Optional<String> page;
        try {
            page = parts.length == 2
                    ? p.diff(id, channel, this::sideFiles, counts)
                    : p.image(id, channel, target.param("q"), this::sideFiles, installBase(request), counts);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (page.isEmpty()) {
            ex.sendText(HttpResponseStatus.NOT_FOUND, TEXT_HTML, notFound(id, channel));
        } else {
            html(ex, page.get());
        }
    }

    /** The pages of the current snapshot, made once per snapshot (the catalog rows are built on first use). */
    private WebPages pages() {
        CatalogSnapshot snapshot = catalog.current();
        WebPages p = pages;
        if (p == null || p.snapshot() != snapshot) {
            List<io.osimg.store.BlobInfo> files = catalog.files();
            p = new WebPages(snapshot, files == null ? List.of() : files, Instant.now());
            pages = p;
        }
        return p;
    }

    private PackageList.SideFiles sideFiles(CatalogImage image) {
        return name -> {
            if (image.key() == null) {
                return Optional.empty();
            }
            try (InputStream in = store.open(image.key().withFile(name).key())) {
                return Optional.of(in.readAllBytes());
            } catch (BlobNotFoundException e) {
                return Optional.empty();
            }
        };
    }

    /** The catalog URL of the install command: the server's public URL, else the Host the browser used. */
    private String installBase(HttpRequest request) {
        String b = base.get();
        if (b != null) {
            return b;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        return host != null && host.matches("[A-Za-z0-9.:\\[\\]-]{1,255}") ? "http://" + host : "http://SERVER";
    }

    private static int page(String value) {
        try {
            return value == null ? 1 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String notFound(String id, String channel) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>not found - osimg</title>"
                + "<link rel=\"stylesheet\" href=\"" + WebPages.STYLE + "\"></head><body><main><h1>Not found</h1><p>no image "
                + io.osimg.store.web.Html.text(id + (channel == null ? "" : " in channel " + channel))
                + " in the catalog. <a href=\"/\">All images</a></p></main></body></html>\n";
    }

    private static void html(Exchange ex, String body) {
        ex.sendText(HttpResponseStatus.OK, TEXT_HTML, body, "Vary", "Accept", "Cache-Control", "no-cache");
    }

    private byte[] style() throws IOException {
        byte[] s = style;
        if (s == null) {
            try (InputStream in = WebPages.class.getResourceAsStream("style.css")) {
                s = in.readAllBytes();
            }
            style = s;
        }
        return s;
    }

    /** A GET of an image file ({@code img.tar.lz4}) from its first byte: a download begun. */
    static boolean isDownload(HttpRequest request, String key) {
        if (key == null || !(key.equals(ImageFiles.IMAGE) || key.endsWith("/" + ImageFiles.IMAGE))) {
            return false;
        }
        String range = request.headers().get(HttpHeaderNames.RANGE);
        return range == null || range.strip().startsWith("bytes=0-");
    }

    /** The bytes of a snapshot's images, summed once per snapshot. */
    static long imageBytes(CatalogSnapshot snapshot) {
        ImageBytes last = imageBytes;
        if (last != null && last.snapshot() == snapshot) {
            return last.bytes();
        }
        long sum = 0;
        for (CatalogImage i : snapshot.images()) {
            sum += i.record().size();
        }
        imageBytes = new ImageBytes(snapshot, sum);
        return sum;
    }

    private record ImageBytes(CatalogSnapshot snapshot, long bytes) {
    }

    private static volatile ImageBytes imageBytes;
}
