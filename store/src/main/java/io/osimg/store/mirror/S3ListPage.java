package io.osimg.store.mirror;

import io.osimg.store.BlobInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
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
        Document doc;
        try {
            doc = builder().parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException e) {
            throw new UpstreamException("reading the listing " + source + ": not XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"ListBucketResult".equals(root.getLocalName())) {
            throw new UpstreamException("reading the listing " + source + ": root element is <" + root.getLocalName()
                    + ">, not <ListBucketResult>");
        }
        List<BlobInfo> objects = new ArrayList<>();
        for (Element c : children(root, "Contents")) {
            String key = text(c, "Key");
            String size = text(c, "Size");
            String modified = text(c, "LastModified");
            String etag = text(c, "ETag");
            if (key == null || size == null) {
                throw new UpstreamException("reading the listing " + source + ": an entry has no Key or Size");
            }
            try {
                Instant lm = modified == null ? Instant.EPOCH : Instant.parse(modified);
                String tag = etag == null || etag.isEmpty() ? "\"\"" : etag.startsWith("\"") ? etag : "\"" + etag + "\"";
                objects.add(new BlobInfo(key, Long.parseLong(size), lm, tag));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                // a key that is not a valid store key (or a broken entry) is not an image file we could mirror
                continue;
            }
        }
        boolean truncated = "true".equalsIgnoreCase(text(root, "IsTruncated"));
        String next = text(root, "NextContinuationToken");
        if (truncated && (next == null || next.isEmpty())) {
            throw new UpstreamException("reading the listing " + source
                    + ": IsTruncated is true but there is no NextContinuationToken (not a ListObjectsV2 answer?)");
        }
        return new S3ListPage(objects, truncated ? next : null);
    }

    private static DocumentBuilder builder() throws UpstreamException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new UpstreamException("setting up the XML parser for listings: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst().getTextContent().strip();
    }
}
