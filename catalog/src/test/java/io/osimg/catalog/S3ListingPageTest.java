package io.osimg.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one S3 listing parser (formerly the installer's StoreListing and the mirror's S3ListPage). */
class S3ListingPageTest {

    @Test
    void entityTagsAreQuotedOnce() {
        assertThat(S3ListingPage.quoted("abc")).isEqualTo("\"abc\"");
        assertThat(S3ListingPage.quoted(" \"abc-3\" ")).isEqualTo("\"abc-3\"");
        assertThat(S3ListingPage.quoted("")).isEqualTo("\"\"");
    }


    private static S3ListingPage parse(String xml) throws IOException {
        return S3ListingPage.parse(xml.getBytes(StandardCharsets.UTF_8), "test");
    }

    @Test
    void s3ListingPagesAreParsed() throws Exception {
        S3ListingPage l = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Name>images</Name><IsTruncated>true</IsTruncated><NextContinuationToken>abc</NextContinuationToken>
                  <Contents><Key>metal-os/20261120/debian/12/img.tar.lz4</Key><Size>10</Size>
                    <LastModified>2026-11-20T08:15:30.123Z</LastModified><ETag>"9e107d9d372bb6826bd81d3542a419d6"</ETag></Contents>
                  <Contents><Key>metal-os/20261120/debian/12/img.tar.lz4.md5</Key><Size>46</Size><ETag>abc</ETag></Contents>
                  <Contents><Key>metal-os/20261120/</Key><Size>0</Size></Contents>
                </ListBucketResult>""");
        assertThat(l.objects()).extracting(StoreObject::key)
                .containsExactly("metal-os/20261120/debian/12/img.tar.lz4", "metal-os/20261120/debian/12/img.tar.lz4.md5");
        assertThat(l.objects().getFirst().lastModified()).isEqualTo(Instant.parse("2026-11-20T08:15:30.123Z"));
        assertThat(l.objects().getFirst().etag()).isEqualTo("\"9e107d9d372bb6826bd81d3542a419d6\"");
        assertThat(l.objects().get(1).lastModified()).isEqualTo(Instant.EPOCH);
        assertThat(l.objects().get(1).etag()).isEqualTo("\"abc\"");
        assertThat(l.nextToken()).isEqualTo("abc");
        assertThat(l.skipped()).isZero();
    }

    @Test
    void badEntriesAreSkippedAndCountedTheRestIsRead() throws Exception {
        S3ListingPage l = parse("""
                <ListBucketResult><IsTruncated>false</IsTruncated>
                  <Contents><Key>a</Key></Contents>
                  <Contents><Size>3</Size></Contents>
                  <Contents><Key>b</Key><Size>x</Size></Contents>
                  <Contents><Key>c</Key><Size>-1</Size></Contents>
                  <Contents><Key>d</Key><Size>4</Size><LastModified>yesterday</LastModified></Contents>
                  <Contents><Key>e</Key><Size>5</Size></Contents>
                </ListBucketResult>""");
        assertThat(l.objects()).extracting(StoreObject::key).containsExactly("e");
        assertThat(l.skipped()).isEqualTo(5);
        assertThat(l.nextToken()).isNull();
    }

    @Test
    void whatIsNoListingFailsAsAWhole() {
        assertThatThrownBy(() -> parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ListBucketResult>&e;</ListBucketResult>"))
                .isInstanceOf(IOException.class).hasMessageContaining("not XML");
        assertThatThrownBy(() -> parse("not xml")).isInstanceOf(IOException.class).hasMessageContaining("not XML");
        assertThatThrownBy(() -> parse("<Error><Code>NoSuchBucket</Code></Error>"))
                .hasMessageContaining("test").hasMessageContaining("<Error>, not <ListBucketResult>");
        assertThatThrownBy(() -> parse("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"))
                .hasMessageContaining("no NextContinuationToken");
    }
}
