package io.osimg.image.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.image.OsRelease;
import io.osimg.core.json.Mappers;
import io.osimg.image.packages.DpkgStatus;
import io.osimg.image.packages.InstalledPackage;
import io.osimg.image.packages.PackageInventory;
import io.osimg.core.packages.Packaging;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class CycloneDxTest {

    private static final String STATUS = """
            Package: libc6
            Status: install ok installed
            Architecture: amd64
            Multi-Arch: same
            Version: 2.36-9+deb12u4
            Description: GNU C Library: Shared libraries
             Contains the standard libraries.

            Package: bsdutils
            Status: install ok installed
            Architecture: amd64
            Version: 1:2.38.1-5+b1
            Description: basic utilities from 4.4BSD-Lite

            Package: gone
            Status: purge ok not-installed
            Architecture: amd64
            Version: 1.0

            """;

    private static final OsRelease BOOKWORM = OsRelease.parse("""
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION_CODENAME=bookworm
            ID=debian
            """);

    private static CycloneDx.Image image(String tarSha) {
        return new CycloneDx.Image("debian-12.0.20261126", "debian", "12", Instant.parse("2026-11-26T10:00:00.5Z"),
                tarSha, Map.of("md5", "d41d8cd98f00b204e9800998ecf8427e",
                        "sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "1.2.3");
    }

    @Test
    void debPackagesBecomeComponentsWithPurls() throws Exception {
        PackageInventory inv = PackageInventory.of(DpkgStatus.parse(new StringReader(STATUS)));
        String json = CycloneDx.write(image("ab".repeat(32)), Optional.of(inv), BOOKWORM);
        SbomSchema.assertValid(json);
        JsonNode bom = Mappers.json().readTree(json);
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.path("metadata").path("timestamp").asText()).isEqualTo("2026-11-26T10:00:00Z");
        JsonNode c = bom.path("metadata").path("component");
        assertThat(c.path("type").asText()).isEqualTo("operating-system");
        assertThat(c.path("name").asText()).isEqualTo("debian-12.0.20261126");
        assertThat(c.path("description").asText()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(c.path("hashes").get(1).path("alg").asText()).isEqualTo("SHA-256");
        List<String> purls = bom.path("components").findValuesAsText("purl");
        assertThat(purls).containsExactly(
                "pkg:deb/debian/bsdutils@1%3A2.38.1-5%2Bb1?arch=amd64&distro=debian-12",
                "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
        assertThat(bom.path("components").get(0).path("version").asText()).isEqualTo("1:2.38.1-5+b1");
        assertThat(bom.path("components").get(1).path("description").asText()).isEqualTo("GNU C Library: Shared libraries");
        assertThat(bom.has("compositions")).isFalse();
    }

    @Test
    void rpmPackagesCarryEpochAndLicence() throws Exception {
        PackageInventory inv = new PackageInventory(Packaging.RPM, List.of(
                new InstalledPackage("openssl-libs", "1:3.0.7-27.el9", "x86_64", "A general purpose cryptography library",
                        "Apache-2.0", "1", "openssl-libs-3.0.7-27.el9.x86_64"),
                new InstalledPackage("gpg-pubkey", "b86b3716-61e69f29", "", "", "pubkey", "", "gpg-pubkey-b86b3716-61e69f29")),
                "gpg-pubkey-b86b3716-61e69f29\nopenssl-libs-3.0.7-27.el9.x86_64\n");
        OsRelease alma = OsRelease.parse("ID=\"almalinux\"\nVERSION_ID=\"9.4\"\nPRETTY_NAME=\"AlmaLinux 9.4 (Seafoam Ocelot)\"\n");
        String json = CycloneDx.write(image("cd".repeat(32)), Optional.of(inv), alma);
        SbomSchema.assertValid(json);
        JsonNode bom = Mappers.json().readTree(json);
        assertThat(bom.path("components").findValuesAsText("purl")).containsExactly(
                "pkg:rpm/almalinux/gpg-pubkey@b86b3716-61e69f29?distro=almalinux-9.4",
                "pkg:rpm/almalinux/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=almalinux-9.4&epoch=1");
        assertThat(bom.path("components").get(1).path("licenses").get(0).path("license").path("name").asText())
                .isEqualTo("Apache-2.0");
        assertThat(bom.path("components").get(1).path("version").asText()).isEqualTo("1:3.0.7-27.el9");
    }

    @Test
    void withoutPackageDatabaseNothingIsClaimed() throws Exception {
        String json = CycloneDx.write(image("ef".repeat(32)), Optional.empty(), OsRelease.UNKNOWN);
        SbomSchema.assertValid(json);
        JsonNode bom = Mappers.json().readTree(json);
        assertThat(bom.path("components")).isEmpty();
        assertThat(bom.path("compositions").get(0).path("aggregate").asText()).isEqualTo("unknown");
    }

    @Test
    void reproducible() throws Exception {
        PackageInventory inv = PackageInventory.of(DpkgStatus.parse(new StringReader(STATUS)));
        String a = CycloneDx.write(image("ab".repeat(32)), Optional.of(inv), BOOKWORM);
        String b = CycloneDx.write(image("ab".repeat(32)), Optional.of(inv), BOOKWORM);
        String other = CycloneDx.write(image("ac".repeat(32)), Optional.of(inv), BOOKWORM);
        assertThat(a).isEqualTo(b);
        assertThat(serial(a)).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
                .isNotEqualTo(serial(other));
    }

    @Test
    void theValidatorRejectsWhatIsNotCycloneDx() throws Exception {
        // the check the other tests rely on can fail
        String json = CycloneDx.write(image("ab".repeat(32)), Optional.empty(), OsRelease.UNKNOWN)
                .replace("\"operating-system\"", "\"distribution\"");
        assertThat(new JsonParser().validate(json, Version.VERSION_16)).isNotEmpty();
        assertThatThrownBy(() -> SbomSchema.assertValid(json)).isInstanceOf(AssertionError.class);
    }

    private static String serial(String json) {
        try {
            return Mappers.json().readTree(json).path("serialNumber").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
