package io.osimg.store.web;

import io.osimg.catalog.CatalogImage;
import io.osimg.catalog.CatalogSnapshot;
import io.osimg.core.image.ImageRecord;
import io.osimg.core.store.StoreKey;
import io.osimg.core.store.StoreLayout;
import io.osimg.store.BlobInfo;
import io.osimg.store.http.ServerMetrics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages as HTML text, without a browser: escaping, paging, grouping, the image's packages and their filter. */
class WebPagesTest {

    private static final ServerMetrics.Counts COUNTS = new ServerMetrics.Counts(3, 4096, 7, 1);
    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

    private static CatalogImage image(String key) {
        StoreKey k = StoreLayout.parseKey(key).orElseThrow(() -> new IllegalArgumentException(key));
        Instant created = k.releaseDate().orElse(NOW);
        ImageRecord r = new ImageRecord(StoreLayout.imageIdOf(k), null, "<i>desc</i>", key, Set.of("machine"), "supported",
                null, created, Map.of("md5", "00ff"), 1000);
        return new CatalogImage(r, k);
    }

    @Test
    void escapesEveryCharacterThatMatters() {
        assertThat(Html.text("<script>alert('x' & \"y\")</script>"))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
        assertThat(Html.text("plain")).isEqualTo("plain");
        assertThat(Html.text(null)).isEmpty();
        assertThat(Html.keyPath("pull_requests/7-<a b>/debian/12/img.tar.lz4"))
                .isEqualTo("/pull_requests/7-%3Ca%20b%3E/debian/12/img.tar.lz4");
    }

    @Test
    void catalogGroupsNewestFirstAndPagesBeyondTwoHundredRows() {
        List<CatalogImage> images = new ArrayList<>();
        for (int d = 0; d < 450; d++) {
            images.add(image(java.time.LocalDate.of(2025, 1, 1).plusDays(d).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                    + "/debian/12/img.tar.lz4"));
        }
        images.add(image("pull_requests/7-<script>/debian/12/img.tar.lz4"));
        WebPages pages = new WebPages(CatalogSnapshot.of(images, 0), List.of(), NOW);
        String first = pages.catalog(1, COUNTS);
        List<String> ids = ids(first);
        assertThat(ids).hasSize(WebPages.PAGE_ROWS);
        assertThat(ids.getFirst()).isIn("debian-12.0.20260326", "debian-12.0"); // the newest release or the PR build
        assertThat(first).contains("debian-12.0.20260326</a> <span class=\"badge newest\">newest</span>")
                .contains("page 1 of 3").contains("href=\"/?page=2\"")
                .contains("<b id=\"count-images\">3</b>").contains("<b id=\"count-downloads\">7</b>")
                .doesNotContain("<script>");
        String last = pages.catalog(3, COUNTS);
        assertThat(ids(last)).hasSize(451 - 2 * WebPages.PAGE_ROWS).last().isIn("debian-12.0.20250101", "debian-12.0");
        assertThat(pages.catalog(99, COUNTS)).isEqualTo(last);
        List<String> all = new ArrayList<>(ids);
        all.addAll(ids(pages.catalog(2, COUNTS)));
        all.addAll(ids(last));
        assertThat(all).hasSize(451).doesNotHaveDuplicates();
        String every = first + pages.catalog(2, COUNTS) + last;
        assertThat(every).contains("pull request 7-&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void stableAndPullRequestBuildsHeadTheirVersionSoTheyAreOnTheFirstPageOfTheirGroup() {
        List<CatalogImage> images = new ArrayList<>();
        for (int d = 0; d < 450; d++) {
            String day = java.time.LocalDate.of(2025, 1, 1).plusDays(d).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            images.add(image(day + "/debian/12/img.tar.lz4"));
            images.add(image(day + "/debian/11/img.tar.lz4"));
        }
        images.add(image("stable/debian/12/img.tar.lz4"));
        images.add(image("pull_requests/7-fix/debian/12/img.tar.lz4"));
        images.add(image("stable/debian/11/img.tar.lz4"));
        WebPages pages = new WebPages(CatalogSnapshot.of(images, 0), List.of(), NOW);

        List<String> first = links(pages.catalog(1, COUNTS));
        assertThat(first.subList(0, 3)).containsExactly("/api/v1/images/debian-12.0?channel=stable",
                "/api/v1/images/debian-12.0?channel=7-fix", "/api/v1/images/debian-12.0.20260326?channel=release");
        List<String> all = new ArrayList<>();
        for (int p = 1; p <= 5; p++) {
            all.addAll(links(pages.catalog(p, COUNTS)));
        }
        assertThat(all).hasSize(903).doesNotHaveDuplicates();
        int eleven = all.indexOf("/api/v1/images/debian-11.0?channel=stable");
        assertThat(all.get(eleven - 1)).isEqualTo("/api/v1/images/debian-12.0.20250101?channel=release"); // the end of 12's group
        assertThat(all.get(eleven + 1)).isEqualTo("/api/v1/images/debian-11.0.20260326?channel=release");
        String third = pages.catalog(3, COUNTS); // 12's last releases, then 11: its headings, stable build first
        assertThat(third.indexOf("<h3 class=\"series\">debian 11.0</h3>")).isPositive()
                .isLessThan(third.indexOf("debian-11.0?channel=stable"));
    }

    private static List<String> links(String html) {
        List<String> links = new ArrayList<>();
        Matcher m = Pattern.compile("class=\"image-link\" href=\"([^\"]*)\">").matcher(html);
        while (m.find()) {
            links.add(m.group(1).replace("&amp;", "&"));
        }
        return links;
    }

    @Test
    void imagePageListsFilesDigestsAndFilteredPackages() throws Exception {
        CatalogImage a = image("20261001/debian/12/img.tar.lz4");
        CatalogImage b = image("20261120/debian/12/img.tar.lz4");
        List<BlobInfo> files = List.of(new BlobInfo("20261120/debian/12/img.tar.lz4", 1000, NOW, "\"e\""),
                new BlobInfo("20261120/debian/12/packages.txt", 99, NOW, "\"e\""),
                new BlobInfo("20261120/debian/12/img.tar.lz4.sha512.sig", 64, NOW, "\"e\""),
                new BlobInfo("20261001/debian/12/img.tar.lz4", 1000, NOW, "\"e\""));
        WebPages pages = new WebPages(CatalogSnapshot.of(List.of(a, b), 0), files, NOW);
        String txtA = "Desired=U\n+++-=\nii  bash  5.1-1  amd64  x\nii  libc6  2.36-1  amd64  x\n";
        String txtB = "Desired=U\n+++-=\nii  bash  5.2-1  amd64  x\nii  libc6  2.36-1  amd64  x\nii  lib<x>  1  amd64  x\n";
        java.util.function.Function<CatalogImage, io.osimg.core.packages.PackageList.SideFiles> side = i -> name ->
                name.equals("packages.txt") ? Optional.of((i == b ? txtB : txtA).getBytes(StandardCharsets.UTF_8)) : Optional.empty();
        String page = pages.image("debian-12.0.20261120", null, "LIB", side, "http://127.0.0.1:1", COUNTS).orElseThrow();
        assertThat(page).contains("<span id=\"package-count\">3</span>").contains("<span id=\"package-shown\">2</span>")
                .contains("<td>lib&lt;x&gt;</td>").doesNotContain("<td>bash</td>")
                .contains("<dd class=\"digest\" id=\"digest-md5\">00ff</dd>")
                .contains("<dd id=\"fact-signed\">yes</dd>").contains("&lt;i&gt;desc&lt;/i&gt;")
                .contains("href=\"/20261120/debian/12/packages.txt\">packages.txt</a>")
                .doesNotContain("20261001/debian/12/img.tar.lz4\"");
        assertThat(pages.image("debian-13.0.20261120", null, null, side, "x", COUNTS)).isEmpty();

        String diff = pages.diff("debian-12.0.20261120", null, side, COUNTS).orElseThrow();
        assertThat(diff).contains(">debian-12.0.20261001</a> to").contains("1 added").contains("<td>lib&lt;x&gt;</td>")
                .contains("1 upgraded").contains("<td>5.1-1</td><td>5.2-1</td>").doesNotContain("removed");
        assertThat(pages.diff("debian-12.0.20261001", null, side, COUNTS).orElseThrow()).contains("id=\"no-previous\"");
    }

    private static List<String> ids(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("class=\"image-link\" href=\"[^\"]*\">([^<]*)</a>").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
