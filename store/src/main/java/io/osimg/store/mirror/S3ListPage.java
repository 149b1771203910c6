package io.osimg.store.mirror;

import io.osimg.store.BlobInfo;
import io.osimg.store.s3.S3Xml;
import org.w3c.dom.Element;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of an S3 {@code ListObjectsV2} answer ({@code ListBucketResult}): the objects, and the token of the next
 * page when the listing is truncated. DTDs and external entities are refused.
 *
 * @param objects           the {@code Contents} of the page (ETag kept with its quotes; quotes added when missing)
 * @param nextToken         {@code NextContinuationToken}, null on the last page
 */
public record S3ListPage(List<BlobInfo> objects, String nextToken) {

    public S3ListPage {
        objects = List.copyOf(objects);
    }

    /**
     * Parses a page.
     *
     * @param source names where the document came from, for messages
     * @throws UpstreamException when it is not a {@code ListBucketResult} or an entry is incomplete
     */
    public static S3ListPage parse(byte[] xml, String source) throws UpstreamException {
        String what = "reading the listing " + source;
        Element root;
        try {
            root = S3Xml.parse(xml, what);
        } catch (IOException e) {
            throw new UpstreamException(e.getMessage(), e);
        }
        if (!"ListBucketResult".equals(root.getLocalName())) {
            throw new UpstreamException(what + ": root element is <" + root.getLocalName() + ">, not <ListBucketResult>");
        }
        List<BlobInfo> objects = new ArrayList<>();
        for (Element c : S3Xml.children(root, "Contents")) {
            String key = S3Xml.text(c, "Key");
            String size = S3Xml.text(c, "Size");
            String modified = S3Xml.text(c, "LastModified");
            String etag = S3Xml.text(c, "ETag");
            if (key == null || size == null) {
                throw new UpstreamException(what + ": an entry has no Key or Size");
            }
            try {
                Instant lm = modified == null ? Instant.EPOCH : Instant.parse(modified);
                objects.add(new BlobInfo(key, Long.parseLong(size), lm, S3Xml.quoted(etag == null ? "" : etag)));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // a key that is not a valid store key (or a broken entry) is not an image file we could mirror
                continue;
            }
        }
        boolean truncated = "true".equalsIgnoreCase(S3Xml.text(root, "IsTruncated"));
        String next = S3Xml.text(root, "NextContinuationToken");
        if (truncated && (next == null || next.isEmpty())) {
            throw new UpstreamException(what
                    + ": IsTruncated is true but there is no NextContinuationToken (not a ListObjectsV2 answer?)");
        }
        return new S3ListPage(objects, truncated ? next : null);
    }
}
