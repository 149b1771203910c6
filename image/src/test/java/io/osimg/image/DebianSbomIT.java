package io.osimg.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.archive.lz4.BlockSize;
import io.osimg.archive.lz4.Lz4Options;
import io.osimg.core.json.Mappers;
import io.osimg.core.store.Channel;
import io.osimg.core.packages.PackageUrl;
import io.osimg.image.sbom.SbomSchema;
import io.osimg.store.publish.DirectoryPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SBOM of an image built from the debootstrap minbase root (scripts/debian-rootfs, a tar source) validates
 * against the CycloneDX 1.6 schema and lists exactly the packages {@code dpkg-query -W} lists for that root.
 */
class DebianSbomIT {

    @Test
    void sbomListsExactlyWhatDpkgQueryLists() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        String tarball = TreeSnapshot.sh(repo, "scripts/debian-rootfs --variant minbase").trim();
        Path work = Files.createTempDirectory(Path.of("/var/tmp"), "osimg-sbom-it");
        try {
            Path root = Files.createDirectories(work.resolve("root"));
            TreeSnapshot.sh(root, "tar --numeric-owner -xpf " + tarball);
            BuildRequest r = new BuildRequest(Path.of(tarball), "debian", "12", Channel.RELEASE, "20261207", null,
                    Instant.parse("2026-12-07T00:00:00Z"), new Lz4Options(1, BlockSize.MB4, true, false, 2), null, null);
            BuildResult result = new ImageBuilder(Clock.systemUTC(), "test")
                    .build(r, new DirectoryPublisher(work.resolve("store")), BuildListener.NONE);
            String json = Files.readString(result.directory().resolve("sbom.cdx.json"));
            SbomSchema.assertValid(json);

            String expected = TreeSnapshot.sh(root, "dpkg-query -W --admindir=" + root.resolve("var/lib/dpkg")
                    + " -f '${Package}\\t${Architecture}\\t${Version}\\n' | LC_ALL=C sort");
            JsonNode bom = Mappers.json().readTree(json);
            List<String> listed = new ArrayList<>();
            for (JsonNode c : bom.path("components")) {
                String purl = c.path("purl").asText();
                assertThat(purl).startsWith("pkg:deb/debian/" + c.path("name").asText().replace("+", "%2B") + "@")
                        .contains("distro=debian-12");
                listed.add(c.path("name").asText() + "\t" + PackageUrl.qualifier(purl, "arch") + "\t"
                        + c.path("version").asText());
            }
            assertThat(listed).hasSizeGreaterThan(80);
            assertThat(String.join("\n", listed.stream().sorted().toList()) + "\n").isEqualTo(expected);
            assertThat(bom.path("metadata").path("timestamp").asText()).isEqualTo("2026-12-07T00:00:00Z");
            assertThat(bom.path("metadata").path("component").path("name").asText()).isEqualTo("debian-12.0.20261207");
            // the plain dpkg-query -W form too: binary:Package (arch-qualified for Multi-Arch: same) and version
            String plain = TreeSnapshot.sh(root, "dpkg-query -W --admindir=" + root.resolve("var/lib/dpkg") + " | wc -l");
            assertThat(Integer.parseInt(plain.strip())).isEqualTo(listed.size());
        } finally {
            TreeSnapshot.sh(Path.of("/"), "rm -rf '" + work + "'");
        }
    }
}
