package io.osimg.store.http;

import io.osimg.store.BlobInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class S3ListingTest {

    private static List<BlobInfo> infos(String... keys) {
        return java.util.Arrays.stream(keys).map(k -> new BlobInfo(k, 1, Instant.EPOCH, "\"e\"")).toList();
    }

    @Test
    void paginatesWithMarkers() {
        List<BlobInfo> all = infos("a", "b", "c", "d", "e");
        S3Listing p1 = S3Listing.page(all, "", null, null, 2);
        assertThat(p1.contents().stream().map(BlobInfo::key)).containsExactly("a", "b");
        assertThat(p1.truncated()).isTrue();
        S3Listing p3 = S3Listing.page(all, "", null, "d", 2);
        assertThat(p3.contents().stream().map(BlobInfo::key)).containsExactly("e");
        assertThat(p3.truncated()).isFalse();
    }

    @Test
    void rollsUpCommonPrefixesAndResumesAfterThem() {
        List<BlobInfo> all = infos("m/2024/x", "m/2024/y", "m/2025/x", "m/readme", "n");
        S3Listing p1 = S3Listing.page(all, "m/", "/", null, 1);
        assertThat(p1.commonPrefixes()).containsExactly("m/2024/");
        assertThat(p1.lastEntry()).isEqualTo("m/2024/");
        S3Listing p2 = S3Listing.page(all, "m/", "/", p1.lastEntry(), 10);
        assertThat(p2.commonPrefixes()).containsExactly("m/2025/");
        assertThat(p2.contents().stream().map(BlobInfo::key)).containsExactly("m/readme");
        assertThat(p2.truncated()).isFalse();
    }

    @Test
    void tokensRoundTrip() {
        assertThat(S3Listing.untoken(S3Listing.token("metal-os/ü/x"))).isEqualTo("metal-os/ü/x");
    }

    @Test
    void xmlEscapesAndUrlEncodes() {
        S3Listing page = S3Listing.page(infos("a&b<c>/k y"), "", null, null, 10);
        String xml = S3ListingXml.render(new S3ListingXml.Params("b", 2, "", null, 10, null, null, null, false), page);
        assertThat(xml).contains("<Key>a&amp;b&lt;c&gt;/k y</Key>").contains("<ETag>&quot;e&quot;</ETag>")
                .contains("<LastModified>1970-01-01T00:00:00.000Z</LastModified>");
        String encoded = S3ListingXml.render(new S3ListingXml.Params("b", 2, "", null, 10, null, null, null, true), page);
        assertThat(encoded).contains("<Key>a%26b%3Cc%3E/k%20y</Key>").contains("<EncodingType>url</EncodingType>");
    }

    @Test
    void s3DatesWithoutAFormatterMatchTheFormatter() {
        for (Instant t : List.of(Instant.EPOCH, Instant.parse("2026-11-20T10:15:30.123456789Z"),
                Instant.parse("1999-12-31T23:59:59.999Z"), Instant.parse("2024-02-29T00:00:00.001Z"))) {
            StringBuilder b = new StringBuilder();
            HttpDates.appendS3(b, t);
            assertThat(b.toString()).isEqualTo(HttpDates.formatS3(t));
        }
    }

    @Test
    void pagesThroughLongRunsUnderOnePrefixAsAWalkWould() {
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add("m/big/%03d".formatted(i));
        }
        keys.addAll(List.of("m/a", "m/c/1", "m/c/2", "m/z", "n/1"));
        List<BlobInfo> all = infos(keys.stream().sorted().toArray(String[]::new));
        S3Listing p1 = S3Listing.page(all, "m/", "/", null, 2);
        assertThat(p1.contents().stream().map(BlobInfo::key)).containsExactly("m/a");
        assertThat(p1.commonPrefixes()).containsExactly("m/big/");
        S3Listing p2 = S3Listing.page(all, "m/", "/", p1.lastEntry(), 2);
        assertThat(p2.commonPrefixes()).containsExactly("m/c/");
        assertThat(p2.contents().stream().map(BlobInfo::key)).containsExactly("m/z");
        assertThat(p2.truncated()).isFalse();
        S3Listing inside = S3Listing.page(all, "m/big/", null, "m/big/497", 10);
        assertThat(inside.contents().stream().map(BlobInfo::key)).containsExactly("m/big/498", "m/big/499");
        assertThat(S3Listing.page(all, "m/big/0", null, null, 1000).contents()).hasSize(100);
        assertThat(S3Listing.page(all, "o", null, null, 10).contents()).isEmpty();
    }
}
