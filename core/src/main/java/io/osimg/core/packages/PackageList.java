package io.osimg.core.packages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.json.Mappers;
import io.osimg.core.store.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The packages of one image as its SBOM ({@code sbom.cdx.json}, preferred: it has epochs and architectures) or its
 * packages.txt ({@code dpkg -l} or {@code rpm -qa} form) lists them.
 *
 * @param packaging dpkg or RPM
 * @param packages  the packages
 * @param source    the file they were read from
 */
public record PackageList(Packaging packaging, List<Entry> packages, String source) {

    /** One package: name, version as its packaging compares it, architecture ("" when unknown). */
    public record Entry(String name, String version, String architecture) {
    }

    /** rpm's architectures, to tell {@code NAME-VERSION-RELEASE.ARCH} from a release with a dot. */
    private static final Set<String> RPM_ARCHES = Set.of("x86_64", "noarch", "i686", "i586", "i386", "aarch64",
            "ppc64le", "ppc64", "s390x", "armv7hl", "armhfp", "riscv64", "src", "x86_64_v2", "x86_64_v3", "loongarch64");

    /** Reads one small file beside an image by its name; empty when the image has none. */
    @FunctionalInterface
    public interface SideFiles {
        Optional<byte[]> read(String name) throws IOException;
    }

    /**
     * The package list of an image: from its SBOM when it has one that knows its packages, else from packages.txt,
     * else empty. The one rule for {@code osimg diff} and the server's pages.
     *
     * @param what  the image, for messages
     * @throws IllegalArgumentException when the file there is neither
     */
    public static Optional<PackageList> of(String what, SideFiles files) throws IOException {
        Optional<byte[]> sbom = files.read(ImageFiles.SBOM);
        if (sbom.isPresent()) {
            Optional<PackageList> fromSbom = fromSbom(new String(sbom.get(), StandardCharsets.UTF_8),
                    what + "/" + ImageFiles.SBOM);
            if (fromSbom.isPresent()) {
                return fromSbom;
            }
        }
        Optional<byte[]> txt = files.read(ImageFiles.PACKAGES);
        if (txt.isPresent()) {
            return Optional.of(fromPackagesTxt(new String(txt.get(), StandardCharsets.UTF_8),
                    what + "/" + ImageFiles.PACKAGES));
        }
        return Optional.empty();
    }

    /** The deb and rpm components of a CycloneDX SBOM; empty when it says nothing is known (no package database). */
    public static Optional<PackageList> fromSbom(String json, String what) {
        JsonNode bom;
        try {
            bom = Mappers.json().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (bom == null || !"CycloneDX".equals(bom.path("bomFormat").asText())) {
            throw new IllegalArgumentException(what + ": not a CycloneDX SBOM (no bomFormat CycloneDX)");
        }
        Packaging packaging = null;
        List<Entry> entries = new ArrayList<>();
        for (JsonNode c : bom.path("components")) {
            String purl = c.path("purl").asText("");
            Packaging p = Packaging.ofPurlType(PackageUrl.typeOf(purl));
            if (p == null) {
                continue;
            }
            if (packaging != null && packaging != p) {
                throw new IllegalArgumentException(what + ": mixes " + packaging.purlType() + " and " + p.purlType()
                        + " packages");
            }
            packaging = p;
            entries.add(new Entry(c.path("name").asText(), c.path("version").asText(), PackageUrl.qualifier(purl, "arch")));
        }
        if (packaging == null) {
            return Optional.empty();
        }
        return Optional.of(new PackageList(packaging, entries, ImageFiles.SBOM));
    }

    /** packages.txt in {@code dpkg -l} form (it starts with {@code Desired=}) or {@code rpm -qa} form. */
    public static PackageList fromPackagesTxt(String text, String what) {
        List<Entry> entries = new ArrayList<>();
        if (text.startsWith("Desired=")) {
            boolean body = false;
            for (String line : text.split("\n")) {
                if (line.startsWith("+++-")) {
                    body = true;
                    continue;
                }
                if (!body || line.isBlank()) {
                    continue;
                }
                String[] f = line.substring(Math.min(4, line.length())).trim().split("\\s+", 4);
                if (line.length() < 4 || f.length < 3) {
                    throw new IllegalArgumentException(what + ": not a dpkg -l line: " + line);
                }
                String name = f[0];
                int colon = name.indexOf(':');
                entries.add(new Entry(colon < 0 ? name : name.substring(0, colon), f[1], f[2]));
            }
            return new PackageList(Packaging.DEB, entries, ImageFiles.PACKAGES);
        }
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String arch = "";
            int dot = l.lastIndexOf('.');
            if (dot > 0 && RPM_ARCHES.contains(l.substring(dot + 1))) {
                arch = l.substring(dot + 1);
                l = l.substring(0, dot);
            }
            int r = l.lastIndexOf('-');
            int v = r > 0 ? l.lastIndexOf('-', r - 1) : -1;
            if (v <= 0) {
                throw new IllegalArgumentException(what + ": neither dpkg -l nor rpm -qa (NAME-VERSION-RELEASE.ARCH): " + line);
            }
            entries.add(new Entry(l.substring(0, v), l.substring(v + 1), arch));
        }
        return new PackageList(Packaging.RPM, entries, ImageFiles.PACKAGES);
    }
}
