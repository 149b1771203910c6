package io.osimg.store.mirror;

import io.osimg.catalog.S3ListingView;
import io.osimg.catalog.Skipped;
import io.osimg.catalog.StoreObject;
import io.osimg.store.BlobInfo;
import io.osimg.transfer.FetchStream;
import io.osimg.transfer.Fetcher;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An S3-listable image store over HTTP: an osimg server, a bucket's website or path-style endpoint. Objects are
 * {@code <base><key>}; listings are {@code <base>?list-type=2&prefix=..&continuation-token=..}. Requests go through
 * a {@link Fetcher} (timeouts, retries with backoff); listings are the catalog's {@link S3ListingView} (pages parsed by its {@code S3ListingPage}).
 */
public final class Upstream {

    /** Largest listing page or small file read into memory. */
    private static final int MAX_SMALL_BYTES = 16 << 20;

    private final URI base;
    private final Fetcher fetcher;
    private final S3ListingView listing;

    /**
     * @param base    the endpoint, e.g. {@code http://example.org/} or {@code http://example.com/bucket/}
     * @param fetcher does the requests (not closed by this class)
     */
    public Upstream(URI base, Fetcher fetcher) {
        this(base, fetcher, 0);
    }

    /**
     * @param pageSize keys asked for per listing page ({@code max-keys}); 0 leaves it to the server (S3: 1000)
     */
    public Upstream(URI base, Fetcher fetcher, int pageSize) {
        String s = validate(base).toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.listing = new S3ListingView(this.base, fetcher, pageSize);
    }

    /**
     * Returns {@code base} when it can be an upstream: an absolute http(s) URL without query or fragment.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static URI validate(URI base) {
        Objects.requireNonNull(base, "base");
        String scheme = base.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || base.getHost() == null) {
            throw new IllegalArgumentException("upstream must be an http(s) URL, got " + base);
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("upstream URL must not have a query or fragment: " + base);
        }
        return base;
    }

    public URI base() {
        return base;
    }

    /** Every object under {@code prefix}, following continuation tokens (the catalog's {@link S3ListingView}). */
    public List<BlobInfo> list(String prefix) throws IOException {
        List<StoreObject> listed;
        try {
            listed = listing.list(prefix);
        } catch (IOException e) {
            throw new UpstreamException("listing " + base + ": " + e.getMessage(), e);
        }
        List<BlobInfo> all = new ArrayList<>(listed.size());
        for (StoreObject o : listed) {
            try {
                all.add(new BlobInfo(o.key(), o.size(), o.lastModified(), o.etag()));
            } catch (IllegalArgumentException notAStoreKey) {
                Skipped.entry(base.toString(), o.key(), notAStoreKey.getMessage());
            }
        }
        return all;
    }

    /** The URL of an object. */
    public URI uri(String key) {
        StringBuilder path = new StringBuilder();
        for (String segment : key.split("/", -1)) {
            if (!path.isEmpty()) {
                path.append('/');
            }
            path.append(encode(segment).replace("+", "%20"));
        }
        return URI.create(base + path.toString());
    }

    /** The bytes of a small object (checksum file, manifest), at most 16 MiB. */
    public byte[] read(String key) throws IOException {
        return readSmall(uri(key), key);
    }

    private byte[] readSmall(URI uri, String what) throws IOException {
        try (FetchStream in = fetcher.open(List.of(uri), Set.of(), null)) {
            byte[] bytes = in.readNBytes(MAX_SMALL_BYTES + 1);
            if (bytes.length > MAX_SMALL_BYTES) {
                throw new UpstreamException("reading " + what + " from " + uri + ": larger than " + MAX_SMALL_BYTES + " bytes");
            }
            return bytes;
        } catch (UpstreamException e) {
            throw e;
        } catch (IOException e) {
            throw new UpstreamException("reading " + what + " from " + uri + ": " + e.getMessage(), e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
