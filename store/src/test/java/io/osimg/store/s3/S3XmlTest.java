package io.osimg.store.s3;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3XmlTest {

    private static byte[] xml(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesAListingPageWithItsContinuationToken() throws IOException {
        S3Xml.Page page = S3Xml.parseListing(xml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult>
                  <Name>osimg</Name><Prefix>x/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
                  <IsTruncated>true</IsTruncated>
                  <Contents><Key>x/a &amp; b</Key><LastModified>2026-11-20T08:15:30.123Z</LastModified>
                    <ETag>&quot;9e107d9d372bb6826bd81d3542a419d6&quot;</ETag><Size>43</Size><StorageClass>STANDARD</StorageClass></Contents>
                  <Contents><Key>x/dir/</Key><LastModified>2026-11-20T08:15:31Z</LastModified><Size>4096</Size></Contents>
                  <Contents><Key>x/big</Key><LastModified>2026-11-20T08:15:31Z</LastModified>
                    <ETag>d41d8cd98f00b204e9800998ecf8427e-3</ETag><Size>12582912</Size></Contents>
                  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
                </ListBucketResult>"""), "test");
        assertThat(page.entries()).containsExactly(
                new S3Xml.Entry("x/a & b", 43, Instant.parse("2026-11-20T08:15:30.123Z"), "\"9e107d9d372bb6826bd81d3542a419d6\""),
                new S3Xml.Entry("x/big", 12582912, Instant.parse("2026-11-20T08:15:31Z"), "\"d41d8cd98f00b204e9800998ecf8427e-3\""));
        assertThat(page.nextToken()).isEqualTo("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
    }

    @Test
    void theLastPageHasNoToken() throws IOException {
        S3Xml.Page page = S3Xml.parseListing(xml("<ListBucketResult><IsTruncated>false</IsTruncated>"
                + "<NextContinuationToken>ignored</NextContinuationToken></ListBucketResult>"), "test");
        assertThat(page.entries()).isEmpty();
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void refusesBrokenListings() {
        assertThatThrownBy(() -> S3Xml.parseListing(xml("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"), "page 2"))
                .hasMessageContaining("page 2").hasMessageContaining("no NextContinuationToken");
        assertThatThrownBy(() -> S3Xml.parseListing(xml("<Error><Code>NoSuchBucket</Code></Error>"), "page 1"))
                .hasMessageContaining("<Error>, not <ListBucketResult>");
        assertThatThrownBy(() -> S3Xml.parseListing(xml("<ListBucketResult><Contents><Key>k</Key><Size>x</Size>"
                + "<LastModified>2026-01-01T00:00:00Z</LastModified><ETag>e</ETag></Contents></ListBucketResult>"), "p"))
                .hasMessageContaining("entry k has a bad Size");
        assertThatThrownBy(() -> S3Xml.parseListing(xml("<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>"), "p"))
                .hasMessageContaining("lacks Key, Size, LastModified or ETag");
        assertThatThrownBy(() -> S3Xml.parseListing(xml("not xml"), "p")).hasMessageContaining("not XML");
    }

    @Test
    void refusesDocumentTypeDeclarations() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <ListBucketResult><Contents><Key>&e;</Key></Contents></ListBucketResult>""";
        assertThatThrownBy(() -> S3Xml.parseListing(xml(xxe), "p")).isInstanceOf(IOException.class).hasMessageContaining("not XML");
    }

    @Test
    void readsErrorsUploadIdsAndWritesTheCompleteBody() throws IOException {
        assertThat(S3Xml.parseError(xml("<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>")))
                .isEqualTo(new S3Xml.Error("SignatureDoesNotMatch", "no"));
        assertThat(S3Xml.parseError(xml(""))).isEqualTo(new S3Xml.Error("", ""));
        assertThat(S3Xml.parseUploadId(xml("<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>"
                + "<UploadId>VXBsb2Fk</UploadId></InitiateMultipartUploadResult>"), "t")).isEqualTo("VXBsb2Fk");
        assertThatThrownBy(() -> S3Xml.parseUploadId(xml("<InitiateMultipartUploadResult/>"), "t")).hasMessageContaining("no UploadId");
        assertThat(new String(S3Xml.completeBody(List.of("\"a\"", "\"b\"")), StandardCharsets.UTF_8)).isEqualTo(
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;a&quot;</ETag></Part>"
                        + "<Part><PartNumber>2</PartNumber><ETag>&quot;b&quot;</ETag></Part></CompleteMultipartUpload>");
        assertThatThrownBy(() -> S3Xml.checkCompleted(xml("<Error><Code>InternalError</Code><Message>m</Message></Error>"), "c"))
                .hasMessageContaining("InternalError");
    }
}
