package io.osimg.store.http;

import io.osimg.store.BlobInfo;

import java.nio.charset.StandardCharsets;

/** Writes {@code ListBucketResult} documents (S3 ListObjects V1 and V2). */
final class S3ListingXml {

    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    /** The request's parameters that are echoed back. */
    record Params(String bucket, int version, String prefix, String delimiter, int maxKeys, String marker,
                  String continuationToken, String startAfter, boolean urlEncoding) {
    }

    private final StringBuilder b = new StringBuilder(4096);
    private final boolean url;

    private S3ListingXml(boolean url) {
        this.url = url;
    }

    static String render(Params p, S3Listing page) {
        S3ListingXml x = new S3ListingXml(p.urlEncoding());
        StringBuilder b = x.b;
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<ListBucketResult xmlns=\"").append(NAMESPACE).append("\">");
        x.element("Name", p.bucket(), false);
        x.element("Prefix", p.prefix(), true);
        if (p.version() == 2) {
            if (p.continuationToken() != null) {
                x.element("ContinuationToken", p.continuationToken(), false);
            }
            if (page.truncated() && page.lastEntry() != null) {
                x.element("NextContinuationToken", S3Listing.token(page.lastEntry()), false);
            }
            x.element("KeyCount", Integer.toString(page.contents().size() + page.commonPrefixes().size()), false);
        } else {
            x.element("Marker", p.marker() == null ? "" : p.marker(), true);
            if (page.truncated() && page.lastEntry() != null) {
                x.element("NextMarker", page.lastEntry(), true);
            }
        }
        x.element("MaxKeys", Integer.toString(p.maxKeys()), false);
        if (p.delimiter() != null && !p.delimiter().isEmpty()) {
            x.element("Delimiter", p.delimiter(), true);
        }
        x.element("IsTruncated", Boolean.toString(page.truncated()), false);
        if (p.version() == 2 && p.startAfter() != null) {
            x.element("StartAfter", p.startAfter(), true);
        }
        if (p.urlEncoding()) {
            x.element("EncodingType", "url", false);
        }
        for (BlobInfo info : page.contents()) {
            b.append("<Contents>");
            x.element("Key", info.key(), true);
            b.append("<LastModified>");
            HttpDates.appendS3(b, info.lastModified());
            b.append("</LastModified>");
            x.element("ETag", info.etag(), false);
            x.element("Size", Long.toString(info.size()), false);
            x.element("StorageClass", "STANDARD", false);
            b.append("</Contents>");
        }
        for (String prefix : page.commonPrefixes()) {
            b.append("<CommonPrefixes>");
            x.element("Prefix", prefix, true);
            b.append("</CommonPrefixes>");
        }
        b.append("</ListBucketResult>");
        return b.toString();
    }

    private void element(String name, String value, boolean encodable) {
        b.append('<').append(name).append('>');
        escape(encodable && url ? urlEncode(value) : value);
        b.append("</").append(name).append('>');
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append("&#x").append(Integer.toHexString(c)).append(';');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }

    /** S3's {@code encoding-type=url}: percent-encode everything but unreserved characters and {@code /}. */
    static String urlEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
