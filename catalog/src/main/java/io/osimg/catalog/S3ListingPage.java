package io.osimg.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * One page of an S3 {@code ListObjectsV2} answer ({@code ListBucketResult}): the one listing parser of osimg's
 * readers (catalog, installer, mirror). DTDs and external entities are refused.
 *
 * <p>Bad entries follow {@link Skipped}'s rule: an entry without {@code Key} or {@code Size}, or with a size or
 * date that does not parse, is skipped with a warning and counted in {@link #skipped()}. "Folder" entries (keys
 * ending in {@code /}) are no objects and are left out silently. A missing {@code LastModified} is the epoch, a
 * missing {@code ETag} {@code ""} (quotes are added when the listing has none).
 *
 * @param objects   the objects of the page, in the listing's order
 * @param nextToken {@code NextContinuationToken}, null on the last page
 * @param skipped   how many entries were skipped
 */
public record S3ListingPage(List<StoreObject> objects, String nextToken, int skipped) {

    public S3ListingPage {
        objects = List.copyOf(objects);
    }

    /**
     * Parses a page.
     *
     * @param source where the document came from, for messages
     * @throws IOException when it is not XML, not a {@code ListBucketResult}, or truncated without a token
     */
    public static S3ListingPage parse(byte[] xml, String source) throws IOException {
        String what = "reading the S3 listing " + source;
        Element root = document(xml, what);
        if (!"ListBucketResult".equals(root.getLocalName())) {
            throw new IOException(what + ": root element is <" + root.getLocalName() + ">, not <ListBucketResult>");
        }
        List<StoreObject> objects = new ArrayList<>();
        int skipped = 0;
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element c) || !"Contents".equals(c.getLocalName())) {
                continue;
            }
            String key = text(c, "Key");
            String size = text(c, "Size");
            String modified = text(c, "LastModified");
            String etag = text(c, "ETag");
            if (key != null && key.endsWith("/")) {
                continue;
            }
            if (key == null || key.isEmpty() || size == null) {
                Skipped.entry(source, "an entry" + (key == null ? "" : " " + key), "it has no Key or no Size");
                skipped++;
                continue;
            }
            try {
                long length = Long.parseLong(size);
                if (length < 0) {
                    throw new NumberFormatException("negative size " + size);
                }
                Instant lm = modified == null ? Instant.EPOCH : Instant.parse(modified);
                objects.add(new StoreObject.Listed(key, length, lm, quoted(etag == null ? "" : etag)));
            } catch (NumberFormatException | DateTimeParseException e) {
                Skipped.entry(source, key, "bad Size or LastModified: " + e.getMessage());
                skipped++;
            }
        }
        boolean truncated = "true".equalsIgnoreCase(text(root, "IsTruncated"));
        String next = text(root, "NextContinuationToken");
        if (truncated && (next == null || next.isEmpty())) {
            throw new IOException(what + ": IsTruncated is true but there is no NextContinuationToken"
                    + " (not a ListObjectsV2 answer?)");
        }
        return new S3ListingPage(objects, truncated ? next : null, skipped);
    }

    /**
     * An entity tag with its double quotes, as HTTP writes it (S3 sends them, some servers do not): the one rule for
     * listings here and for the S3 store's answers.
     */
    public static String quoted(String etag) {
        String t = etag.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t : "\"" + t + "\"";
    }

    private static Element document(byte[] xml, String what) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler()); // fatal errors throw, nothing is printed
            return b.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(what + ": not XML: " + e.getMessage(), e);
        }
    }

    /** The trimmed text of the first child element with that local name, or null. */
    private static String text(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }
}
