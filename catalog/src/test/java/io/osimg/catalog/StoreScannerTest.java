package io.osimg.catalog;

import io.osimg.core.image.ImageId;
import io.osimg.core.store.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StoreScannerTest {

    @TempDir
    Path root;

    private CatalogSnapshot scan() throws Exception {
        StoreFixture.contractStore(root);
        return new StoreScanner(new DirectoryView(root)).scan();
    }

    private static String latest(CatalogSnapshot s, String id) {
        return s.latest(ImageId.parse(id)).map(i -> i.id().raw()).orElse("none");
    }

    @Test
    void idsFollowTheLayoutAndSkipWhatDoesNotParse() throws Exception {
        CatalogSnapshot s = scan();
        assertThat(s.images()).extracting(i -> i.id().raw() + "@" + i.directory()).containsExactly(
                "debian-12.0@stable/debian/12",
                "debian-12.0@pull_requests/42-fix-dns/debian/12",
                "debian-12.0.20261001@20261001/debian/12",
                "debian-12.0.20261120@20261120/debian/12",
                "debian-14.0@stable/debian/14",
                "firewall-2.0.20260101@20260101/firewall/2.0",
                "firewall-2.1.20260201@20260201/firewall/2.1",
                "firewall-3.0.20260301@20260301/firewall/3.0",
                "firewall-ubuntu-3.0.20260201@20260201/firewall/3.0-ubuntu",
                "ubuntu-19.04.20200601@20200601/ubuntu/19.04",
                "ubuntu-20.04.20261120@20261120/ubuntu/20.04",
                "ubuntu-24.04.20261001@20261001/ubuntu/24.04",
                "ubuntu-24.04.20261120@20261120/ubuntu/24.04",
                "ubuntu-small-19.04.20200501@20200501/ubuntu-small/19.04");
        assertThat(s.skipped()).isEqualTo(2); // debian/twelve and release 20261399; the md5-less one is just incomplete
    }

    @Test
    void anSbomBesideTheImageIsInItsCatalogEntry() throws Exception {
        StoreFixture.contractStore(root);
        Files.writeString(root.resolve("20261120/debian/12/sbom.cdx.json"), "{\"bomFormat\":\"CycloneDX\"}\n");
        CatalogSnapshot s = new StoreScanner(new DirectoryView(root)).scan();
        CatalogImage with = s.latest(ImageId.parse("debian-12.0.20261120")).orElseThrow();
        CatalogImage without = s.latest(ImageId.parse("debian-12.0.20261001")).orElseThrow();
        assertThat(with.sbom()).isEqualTo("20261120/debian/12/sbom.cdx.json");
        assertThat(without.sbom()).isNull();
        String json = CatalogJson.write(with, "http://127.0.0.1:8080");
        assertThat(json).contains("\"sbom\":\"http://127.0.0.1:8080/20261120/debian/12/sbom.cdx.json\"");
        assertThat(CatalogJson.write(without, "http://127.0.0.1:8080")).doesNotContain("sbom");
        // an export read back keeps it
        CatalogImage read = CatalogJson.readAll("[" + json + "]", "export.json").images().getFirst();
        assertThat(read.sbom()).isEqualTo("http://127.0.0.1:8080/20261120/debian/12/sbom.cdx.json");
    }

    @Test
    void resolutionFollowsContractSection3() throws Exception {
        CatalogSnapshot s = scan();
        assertThat(latest(s, "debian-12")).isEqualTo("debian-12.0.20261120");      // partial: newest 12.0.x release
        assertThat(latest(s, "debian-12.0")).isEqualTo("debian-12.0.20261120");
        assertThat(latest(s, "debian-12.0.20261001")).isEqualTo("debian-12.0.20261001"); // exact patch
        assertThat(latest(s, "debian-12.0.20261002")).isEqualTo("none");
        assertThat(latest(s, "ubuntu-24.04")).isEqualTo("ubuntu-24.04.20261120");
        assertThat(latest(s, "ubuntu-20.04")).isEqualTo("ubuntu-20.04.20261120"); // leading zero in the minor
        assertThat(latest(s, "ubuntu-20.4")).isEqualTo("ubuntu-20.04.20261120");
        assertThat(latest(s, "ubuntu-small-19.04")).isEqualTo("ubuntu-small-19.04.20200501"); // never ubuntu-19.04.x
        assertThat(latest(s, "ubuntu-19.04")).isEqualTo("ubuntu-19.04.20200601");
        assertThat(latest(s, "firewall-2")).isEqualTo("firewall-2.0.20260101");      // a bare major is MAJOR.0.0
        assertThat(latest(s, "firewall-2.1")).isEqualTo("firewall-2.1.20260201");
        assertThat(latest(s, "ubuntu-24")).isEqualTo("none");                        // ~24.0.0 misses 24.4.x
        assertThat(latest(s, "firewall-0")).isEqualTo("firewall-3.0.20260301");      // ~0.0.0: every version
        assertThat(latest(s, "firewall-2.0")).isEqualTo("firewall-2.0.20260101");
        assertThat(latest(s, "firewall-ubuntu-3")).isEqualTo("firewall-ubuntu-3.0.20260201");
        assertThat(latest(s, "debian-13")).isEqualTo("none");
        assertThat(latest(s, "debian-14")).isEqualTo("none");                        // only a stable build
        assertThat(s.newestOf("debian").map(i -> i.id().raw())).contains("debian-12.0.20261120");
    }

    @Test
    void exactLookupReachesStableAndPullRequestBuilds() throws Exception {
        CatalogSnapshot s = scan();
        assertThat(s.exact("debian-14.0", null).map(CatalogImage::channel)).contains(Channel.STABLE);
        assertThat(s.exact("debian-12.0", null).map(CatalogImage::directory)).contains("stable/debian/12");
        assertThat(s.exact("debian-12.0", "42-fix-dns").map(CatalogImage::directory))
                .contains("pull_requests/42-fix-dns/debian/12");
        assertThat(s.exact("debian-12.0.20261120", null).map(CatalogImage::directory)).contains("20261120/debian/12");
        assertThat(s.exact("debian-12", null)).isEmpty();
    }

    @Test
    void recordsCarryDigestsSizesAndManifestFields() throws Exception {
        CatalogSnapshot s = scan();
        CatalogImage fw = s.exact("firewall-3.0.20260301", null).orElseThrow();
        assertThat(fw.record().classification()).isEqualTo("supported");
        assertThat(fw.record().features()).containsExactly("firewall");
        assertThat(fw.record().expirationDate()).isEqualTo(Instant.parse("2026-09-01T00:00:00Z"));
        assertThat(fw.record().digests()).containsEntry("sha256", "ab".repeat(32))
                .containsEntry("md5", StoreFixture.md5("image 20260301/firewall/3.0".getBytes(StandardCharsets.UTF_8)));
        CatalogImage deb = s.exact("debian-12.0.20261120", null).orElseThrow();
        assertThat(deb.record().size()).isEqualTo("image 20261120/debian/12".length());
        assertThat(deb.record().classification()).isEqualTo("preview");
        assertThat(deb.record().features()).containsExactly("machine");
        assertThat(deb.record().url()).isEqualTo("20261120/debian/12/img.tar.lz4");
        assertThat(deb.record().expirationDate()).isEqualTo(deb.record().created().plus(java.time.Duration.ofDays(90)));
    }

    @Test
    void recordsSayWhetherAndByWhichKeyTheSha512IsSigned() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.osimg.trust.Gpg.available(), "gpg is not installed");
        StoreFixture.contractStore(root);
        try (io.osimg.trust.Gpg gpg = new io.osimg.trust.Gpg(root.resolveSibling(root.getFileName() + "-gnupg"))) {
            String fpr = gpg.generate("Catalog Test <catalog@example.org>", null, "1y", null);
            Path dir = root.resolve("20261120/debian/12");
            Path sha512 = Files.writeString(dir.resolve("img.tar.lz4.sha512"), "ab".repeat(64) + "  img.tar.lz4\n");
            gpg.detachSign(fpr, null, sha512, null);
            Files.writeString(root.resolve("20261120/ubuntu/24.04/img.tar.lz4.sha512.sig"), "MEUCIQ==\n");
            CatalogSnapshot s = new StoreScanner(new DirectoryView(root)).scan();
            assertThat(s.exact("debian-12.0.20261120", null).orElseThrow().record())
                    .satisfies(r -> assertThat(r.signed()).isTrue())
                    .satisfies(r -> assertThat(r.keyIds()).containsExactly(fpr.substring(24)));
            assertThat(s.exact("ubuntu-24.04.20261120", null).orElseThrow().record().keyIds()).containsExactly("ecdsa-p256");
            assertThat(s.exact("firewall-3.0.20260301", null).orElseThrow().record())
                    .satisfies(r -> assertThat(r.signed()).isFalse())
                    .satisfies(r -> assertThat(r.keyIds()).isEmpty());
        }
    }

    @Test
    void filtersMatchOsExactlyAndVersionsByTheSelectionRules() throws Exception {
        CatalogSnapshot s = scan();
        assertThat(s.filter(new CatalogFilter("ubuntu", null, null, null))).extracting(i -> i.id().raw())
                .containsExactly("ubuntu-19.04.20200601", "ubuntu-20.04.20261120", "ubuntu-24.04.20261001", "ubuntu-24.04.20261120");
        assertThat(s.filter(new CatalogFilter("ubuntu", "24.04", null, null))).hasSize(2);
        assertThat(s.filter(new CatalogFilter(null, null, "supported", null))).extracting(i -> i.id().raw())
                .containsExactly("firewall-3.0.20260301");
        assertThat(s.filter(new CatalogFilter(null, null, null, "firewall"))).extracting(i -> i.id().raw())
                .containsExactly("firewall-2.0.20260101", "firewall-2.1.20260201", "firewall-3.0.20260301",
                        "firewall-ubuntu-3.0.20260201");
    }

    @Test
    void rescanSeesChangesAndReadsOnlyChangedFiles() throws Exception {
        StoreFixture.contractStore(root);
        StoreScanner scanner = new StoreScanner(new DirectoryView(root));
        int before = scanner.scan().size();
        Files.writeString(root.resolve("20261201/debian/12/img.tar.lz4.md5"), "0".repeat(32) + "  img.tar.lz4\n");
        CatalogSnapshot after = scanner.scan();
        assertThat(after.size()).isEqualTo(before + 1);
        assertThat(after.latest(ImageId.parse("debian-12")).map(i -> i.id().raw())).isEqualTo(Optional.of("debian-12.0.20261201"));
    }
}
