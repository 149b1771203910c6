package io.osimg.catalog;

import io.osimg.transfer.Fetcher;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StoreView} of a store readable over HTTP with S3 listings: a bucket (path-style or its website
 * endpoint), an osimg server. Listings are {@code <base>/?list-type=2&prefix=&continuation-token=..}, parsed by
 * {@link S3ListingPage}; objects are {@code <base>/<key>}. Anonymous requests only (a public bucket).
 */
public final class S3ListingView implements StoreView<StoreObject> {

    /** Pages of a listing followed at most; guards against a server that never stops. */
    private static final int MAX_PAGES = 100_000;

    private final URI base;
    private final HttpReader http;
    private final int pageSize;
    private int skipped;

    S3ListingView(URI base, HttpReader http, int pageSize) {
        if (pageSize < 0) {
            throw new IllegalArgumentException("listing page size must not be negative, got " + pageSize);
        }
        this.base = URI.create(base.toString().replaceFirst("/+$", ""));
        this.http = http;
        this.pageSize = pageSize;
    }

    /**
     * A view of {@code base} reading through {@code fetcher} (not closed by the view).
     *
     * @param pageSize keys asked for per listing page ({@code max-keys}); 0 leaves it to the server (S3: 1000)
     */
    public S3ListingView(URI base, Fetcher fetcher, int pageSize) {
        this(base, new HttpReader(fetcher, false), pageSize);
    }

    /** Every object of the store, following continuation tokens. */
    @Override
    public List<StoreObject> files() throws IOException {
        return list("");
    }

    /** Every object whose key starts with {@code prefix}, following continuation tokens. */
    public List<StoreObject> list(String prefix) throws IOException {
        List<StoreObject> all = new ArrayList<>();
        String token = null;
        skipped = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            URI uri = URI.create(base + "/?list-type=2&prefix=" + URLEncoder.encode(prefix == null ? "" : prefix, StandardCharsets.UTF_8)
                    + (pageSize > 0 ? "&max-keys=" + pageSize : "")
                    + (token == null ? "" : "&continuation-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            S3ListingPage p = S3ListingPage.parse(http.get(uri), uri.toString());
            all.addAll(p.objects());
            skipped += p.skipped();
            if (p.nextToken() == null) {
                return all;
            }
            if (p.nextToken().equals(token)) {
                throw new IOException("listing " + base + ": the server returned the same continuation token twice");
            }
            token = p.nextToken();
        }
        throw new IOException("listing " + base + ": more than " + MAX_PAGES + " pages");
    }

    /** Entries the last listing skipped ({@link Skipped}). */
    int skipped() {
        return skipped;
    }

    @Override
    public String readText(String key, int maxBytes) throws IOException {
        byte[] b = http.get(uri(key));
        return new String(b, 0, Math.min(b.length, maxBytes), StandardCharsets.UTF_8);
    }

    /** The URL of an object: its key's segments percent-encoded below the base. */
    URI uri(String key) {
        StringBuilder path = new StringBuilder(base.toString());
        for (String segment : key.split("/", -1)) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return URI.create(path.toString());
    }

    @Override
    public String describe() {
        return base.toString();
    }
}
