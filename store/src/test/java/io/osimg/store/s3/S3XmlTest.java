package io.osimg.store.s3;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3XmlTest {

    private static byte[] xml(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsChildrenAndTheirTextByLocalName() throws IOException {
        Element root = S3Xml.parse(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <IsTruncated>true</IsTruncated>
                  <Contents><Key>x/a &amp; b</Key><Size>43</Size></Contents>
                  <Contents><Key> x/big </Key></Contents>
                </ListBucketResult>"""), "test");
        assertThat(root.getLocalName()).isEqualTo("ListBucketResult");
        assertThat(S3Xml.children(root, "Contents")).extracting(c -> S3Xml.text(c, "Key")).containsExactly("x/a & b", "x/big");
        assertThat(S3Xml.text(root, "IsTruncated")).isEqualTo("true");
        assertThat(S3Xml.text(root, "NextContinuationToken")).isNull();
    }

    @Test
    void refusesEmptyAnswersAndWhatIsNotXml() {
        assertThatThrownBy(() -> S3Xml.parse(new byte[0], "page 2")).hasMessageContaining("page 2").hasMessageContaining("empty");
        assertThatThrownBy(() -> S3Xml.parse(xml("not xml"), "p")).hasMessageContaining("not XML");
    }

    @Test
    void refusesDocumentTypeDeclarations() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <ListBucketResult><Contents><Key>&e;</Key></Contents></ListBucketResult>""";
        assertThatThrownBy(() -> S3Xml.parse(xml(xxe), "p")).isInstanceOf(IOException.class).hasMessageContaining("not XML");
    }

    @Test
    void quotesEntityTagsOnce() {
        assertThat(S3Xml.quoted("abc")).isEqualTo("\"abc\"");
        assertThat(S3Xml.quoted(" \"abc-3\" ")).isEqualTo("\"abc-3\"");
    }
}
