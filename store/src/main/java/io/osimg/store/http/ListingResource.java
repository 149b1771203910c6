package io.osimg.store.http;

import io.osimg.store.BlobInfo;
import io.osimg.store.BlobKey;
import io.osimg.store.BlobStore;
import io.osimg.store.catalog.StoreCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code GET /}: S3 ListObjectsV2 ({@code list-type=2}: prefix, delimiter, max-keys, continuation-token,
 * start-after, encoding-type) or, without {@code list-type}, ListObjects V1 (prefix, delimiter, max-keys, marker).
 *
 * <p>With a catalog (as {@code osimg serve} has) a page is searched in the catalog's sorted index of the store
 * ({@link StoreCatalog#files()}, as fresh as its last rescan) instead of walking the store. Without one (a server
 * embedded in a test) the store is listed for every request. Either way the page is made and rendered on the
 * listing threads, not on the I/O thread, whose other connections ({@code /healthz}, downloads) must not wait for
 * it; the request's parameters are checked on the I/O thread.
 */
final class ListingResource {

    private final BlobStore store;
    private final StoreCatalog catalog;
    private final String bucket;
    private final Executor workers;

    ListingResource(BlobStore store, StoreCatalog catalog, String bucket, Executor workers) {
        this.store = store;
        this.catalog = catalog;
        this.bucket = bucket;
        this.workers = workers;
    }

    /** Checks the request; the future completes on a listing thread with the {@code ListBucketResult} document. */
    CompletableFuture<String> handle(RequestTarget target) {
        String listType = target.param("list-type");
        int version;
        if (listType == null) {
            version = 1;
        } else if (listType.equals("2")) {
            version = 2;
        } else {
            throw new IllegalArgumentException("list-type must be 2 (or absent for ListObjects V1): " + listType);
        }
        String prefix = BlobKey.validatePrefix(orEmpty(target.param("prefix")));
        String delimiter = target.param("delimiter");
        int maxKeys = maxKeys(target.param("max-keys"));
        String encoding = target.param("encoding-type");
        if (encoding != null && !encoding.equals("url")) {
            throw new IllegalArgumentException("encoding-type must be url: " + encoding);
        }
        String token = version == 2 ? target.param("continuation-token") : null;
        String startAfter = version == 2 ? target.param("start-after") : null;
        String marker = version == 1 ? target.param("marker") : null;
        String after = version == 1 ? marker : token != null ? S3Listing.untoken(token) : startAfter;

        S3ListingXml.Params params = new S3ListingXml.Params(bucket, version, prefix, delimiter, maxKeys, marker, token,
                startAfter, encoding != null);
        String from = emptyToNull(after);
        return CompletableFuture.supplyAsync(() -> {
            try {
                List<BlobInfo> sorted = catalog != null ? catalog.files() : store.list(prefix);
                return S3ListingXml.render(params, S3Listing.page(sorted, prefix, delimiter, from, maxKeys));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, workers);
    }

    private static int maxKeys(String value) {
        if (value == null) {
            return S3Listing.MAX_KEYS;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new IllegalArgumentException("max-keys must not be negative: " + value);
            }
            return Math.min(n, S3Listing.MAX_KEYS);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max-keys is not a number: " + value, e);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
