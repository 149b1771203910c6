package io.osimg.install;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * One page of an S3 {@code ListObjectsV2} answer ({@code ListBucketResult}): the keys and, when the listing is
 * truncated, the token of the next page. DTDs and external entities are refused.
 *
 * @param keys              the {@code Contents/Key} values in order
 * @param nextContinuation  the {@code NextContinuationToken} when {@code IsTruncated} is true, else null
 */
record StoreListing(List<String> keys, String nextContinuation) {

    static StoreListing parse(String xml, String what) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("reading the S3 listing " + what + ": not XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("ListBucketResult")) {
            throw new IOException("reading the S3 listing " + what + ": root element is " + root.getTagName()
                    + ", not ListBucketResult");
        }
        List<String> keys = new ArrayList<>();
        NodeList contents = root.getElementsByTagName("Contents");
        for (int i = 0; i < contents.getLength(); i++) {
            NodeList key = ((Element) contents.item(i)).getElementsByTagName("Key");
            if (key.getLength() > 0) {
                keys.add(key.item(0).getTextContent().trim());
            }
        }
        boolean truncated = text(root, "IsTruncated").equalsIgnoreCase("true");
        String next = text(root, "NextContinuationToken");
        return new StoreListing(keys, truncated && !next.isEmpty() ? next : null);
    }

    private static String text(Element root, String tag) {
        NodeList n = root.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().trim();
    }
}
