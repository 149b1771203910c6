package io.osimg.store.s3;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The S3 XML documents the store reads and writes, and the safe DOM reading they share with the mirror's listing
 * parser ({@code mirror.S3ListPage}). DTDs and external entities are refused.
 */
public final class S3Xml {

    private S3Xml() {
    }

    /** One object of a listing, with the bucket's object name. */
    record Entry(String name, long size, Instant lastModified, String etag) {
    }

    /**
     * One page of {@code ListObjectsV2} without "folder" entries (names ending in {@code /}, never a store key);
     * {@code nextToken} is null on the last page.
     */
    record Page(List<Entry> entries, String nextToken) {
    }

    /** An S3 error answer ({@code <Error><Code>..</Code><Message>..</Message></Error>}); fields may be empty. */
    record Error(String code, String message) {
    }

    static Page parseListing(byte[] xml, String what) throws IOException {
        Element root = parse(xml, what);
        if (!"ListBucketResult".equals(root.getLocalName())) {
            throw new IOException(what + ": answer is <" + root.getLocalName() + ">, not <ListBucketResult>");
        }
        List<Entry> entries = new ArrayList<>();
        for (Element c : children(root, "Contents")) {
            String name = text(c, "Key");
            String size = text(c, "Size");
            String modified = text(c, "LastModified");
            String etag = text(c, "ETag");
            if (name != null && name.endsWith("/")) {
                continue; // a "folder" (console markers; S3Proxy's filesystem backend lists its directories so)
            }
            if (name == null || size == null || modified == null || etag == null) {
                throw new IOException(what + ": an entry lacks Key, Size, LastModified or ETag");
            }
            try {
                entries.add(new Entry(name, Long.parseLong(size), Instant.parse(modified), quoted(etag)));
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IOException(what + ": entry " + name + " has a bad Size or LastModified: " + e.getMessage(), e);
            }
        }
        boolean truncated = "true".equalsIgnoreCase(text(root, "IsTruncated"));
        String next = text(root, "NextContinuationToken");
        if (truncated && (next == null || next.isEmpty())) {
            throw new IOException(what + ": IsTruncated is true but there is no NextContinuationToken");
        }
        return new Page(entries, truncated ? next : null);
    }

    static String parseUploadId(byte[] xml, String what) throws IOException {
        Element root = parse(xml, what);
        String id = "InitiateMultipartUploadResult".equals(root.getLocalName()) ? text(root, "UploadId") : null;
        if (id == null || id.isEmpty()) {
            throw new IOException(what + ": no UploadId in the answer <" + root.getLocalName() + ">");
        }
        return id;
    }

    /** The error of a failed request's body, or empty fields when the body is not an S3 error. */
    static Error parseError(byte[] xml) {
        try {
            Element root = parse(xml, "error");
            if (!"Error".equals(root.getLocalName())) {
                return new Error("", "");
            }
            String code = text(root, "Code");
            String message = text(root, "Message");
            return new Error(code == null ? "" : code, message == null ? "" : message);
        } catch (IOException e) {
            return new Error("", "");
        }
    }

    /** Checks a 200 answer of CompleteMultipartUpload (S3 may report an error in a 200 body). */
    static void checkCompleted(byte[] xml, String what) throws IOException {
        Element root = parse(xml, what);
        if ("Error".equals(root.getLocalName())) {
            throw new IOException(what + ": " + text(root, "Code") + ": " + text(root, "Message"));
        }
        if (!"CompleteMultipartUploadResult".equals(root.getLocalName())) {
            throw new IOException(what + ": answer is <" + root.getLocalName() + ">, not <CompleteMultipartUploadResult>");
        }
    }

    /** The body of CompleteMultipartUpload: parts 1..n with their ETags. */
    static byte[] completeBody(List<String> partEtags) {
        StringBuilder b = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < partEtags.size(); i++) {
            b.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>")
                    .append(escape(partEtags.get(i))).append("</ETag></Part>");
        }
        return b.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An entity tag with its double quotes (S3 sends them, some servers do not). */
    public static String quoted(String etag) {
        String t = etag.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t : "\"" + t + "\"";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Reports problems only by the exception the parser throws. */
    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /**
     * Parses a document with DTDs, external entities and XInclude refused, and returns its root.
     *
     * @param what names the document for messages
     * @throws IOException when it is empty or not well-formed XML
     */
    public static Element parse(byte[] xml, String what) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            if (xml.length == 0) {
                throw new IOException(what + ": the answer is empty, not XML");
            }
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(QUIET); // the default handler prints "[Fatal Error] ..." to stderr as well
            Document doc = builder.parse(new ByteArrayInputStream(xml));
            return doc.getDocumentElement();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("setting up the XML parser: " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new IOException(what + ": answer is not XML: " + e.getMessage(), e);
        }
    }

    /** The child elements of {@code parent} with the local name {@code name}, in document order. */
    public static List<Element> children(Element parent, String name) {
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

    /** The stripped text of the first child element {@code name}, or null when there is none. */
    public static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst().getTextContent().strip();
    }
}
