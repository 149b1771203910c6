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
import java.util.ArrayList;
import java.util.List;

/**
 * Safe DOM reading of S3 XML documents for the mirror's listing parser ({@code mirror.S3ListPage}), and S3's entity
 * tags. DTDs and external entities are refused. (The S3 store's own requests and answers go through the AWS SDK.)
 */
public final class S3Xml {

    private S3Xml() {
    }

    /** An entity tag with its double quotes (S3 sends them, some servers do not). */
    public static String quoted(String etag) {
        String t = etag.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t : "\"" + t + "\"";
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
