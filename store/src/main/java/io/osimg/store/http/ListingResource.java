package io.osimg.store.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.osimg.store.BlobKey;
import io.osimg.store.BlobStore;

import java.io.IOException;

/**
 * {@code GET /}: S3 ListObjectsV2 ({@code list-type=2}: prefix, delimiter, max-keys, continuation-token,
 * start-after, encoding-type) or, without {@code list-type}, ListObjects V1 (prefix, delimiter, max-keys, marker).
 */
final class ListingResource {

    private final BlobStore store;
    private final String bucket;

    ListingResource(BlobStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    void handle(Exchange ex, RequestTarget target) throws IOException {
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

        S3Listing page = S3Listing.page(store.list(prefix), prefix, delimiter, emptyToNull(after), maxKeys);
        String xml = S3ListingXml.render(new S3ListingXml.Params(bucket, version, prefix, delimiter, maxKeys,
                marker, token, startAfter, encoding != null), page);
        ex.sendText(HttpResponseStatus.OK, "application/xml", xml);
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
