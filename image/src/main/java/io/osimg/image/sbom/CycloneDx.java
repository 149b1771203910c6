package io.osimg.image.sbom;
import io.osimg.core.packages.PackageUrl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osimg.core.image.OsRelease;
import io.osimg.core.json.Mappers;
import io.osimg.core.store.ImageFiles;
import io.osimg.image.packages.InstalledPackage;
import io.osimg.image.packages.PackageInventory;
import io.osimg.core.packages.Packaging;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes an image's software bill of materials, {@code sbom.cdx.json}: CycloneDX 1.6 JSON with the image as the
 * metadata's component ({@code operating-system}) and one {@code library} component per package of its package
 * database, each with its purl ({@code pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=debian-12},
 * {@code pkg:rpm/almalinux/NAME@VERSION-RELEASE?arch=ARCH&distro=almalinux-9.4&epoch=E}).
 *
 * <p>Reproducible: components sorted, the serial number a name-based UUID (v5) of the image ID and the sha256 of
 * its tar, the timestamp the build's (SOURCE_DATE_EPOCH for a reproducible build). An image without a package
 * database gets no components and a composition whose aggregate is {@code unknown}: nothing is claimed. Licences
 * are those the package database declares (RPM's {@code License:}); dpkg's database declares none.
 */
public final class CycloneDx {

    /** The SBOM's file name beside {@code img.tar.lz4}. */
    public static final String FILE = ImageFiles.SBOM;
    /** Its media type. */
    public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";
    public static final String SPEC_VERSION = "1.6";

    /** The namespace of the serial numbers' name-based UUIDs (a random UUID chosen once for osimg). */
    private static final UUID NAMESPACE = UUID.fromString("3f1c6c1e-8d1e-4b8e-9b0e-5f4a7c2d9a61");

    private static final Map<String, String> HASH_NAMES = Map.of("md5", "MD5", "sha256", "SHA-256", "sha512", "SHA-512");

    private CycloneDx() {
    }

    /**
     * What the SBOM says about the image itself.
     *
     * @param id           the image ID ({@code debian-12.0.20261126})
     * @param os           the OS name of the store layout
     * @param version      the image's version
     * @param created      the build's time (SOURCE_DATE_EPOCH when reproducible)
     * @param tarSha256    sha256 of the image's tar
     * @param imageDigests digests of {@code img.tar.lz4} by algorithm id ({@code md5}, {@code sha256}, {@code sha512})
     * @param osimgVersion the version of the osimg that built it
     */
    public record Image(String id, String os, String version, Instant created, String tarSha256,
            Map<String, String> imageDigests, String osimgVersion) {
    }

    /** The SBOM as pretty-printed JSON with a final newline. */
    public static String write(Image image, Optional<PackageInventory> inventory, OsRelease osRelease) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode bom = f.objectNode();
        bom.put("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", SPEC_VERSION);
        bom.put("serialNumber", "urn:uuid:" + serial(image));
        bom.put("version", 1);

        ObjectNode metadata = bom.putObject("metadata");
        metadata.put("timestamp", image.created().truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode tool = metadata.putObject("tools").putArray("components").addObject();
        tool.put("type", "application");
        tool.put("name", "osimg");
        tool.put("version", image.osimgVersion());
        ObjectNode component = metadata.putObject("component");
        component.put("type", "operating-system");
        component.put("bom-ref", "image:" + image.id());
        component.put("name", image.id());
        component.put("version", image.version());
        if (!osRelease.prettyName().isEmpty()) {
            component.put("description", osRelease.prettyName());
        }
        ArrayNode hashes = component.putArray("hashes");
        for (String alg : new String[] {"md5", "sha256", "sha512"}) {
            String hex = image.imageDigests().get(alg);
            if (hex != null) {
                ObjectNode h = hashes.addObject();
                h.put("alg", HASH_NAMES.get(alg));
                h.put("content", hex);
            }
        }
        ArrayNode properties = component.putArray("properties");
        property(properties, "osimg:os", image.os());
        property(properties, "osimg:tar-sha256", image.tarSha256());
        if (!osRelease.id().isEmpty()) {
            property(properties, "osimg:os-release-id", osRelease.id());
        }
        if (!osRelease.versionId().isEmpty()) {
            property(properties, "osimg:os-release-version-id", osRelease.versionId());
        }
        inventory.ifPresent(inv -> property(properties, "osimg:packaging", inv.packaging().purlType()));

        ArrayNode components = bom.putArray("components");
        if (inventory.isEmpty()) {
            // no package database: say that nothing is known rather than that there is nothing
            bom.putArray("compositions").addObject().put("aggregate", "unknown");
            return Mappers.toJson(bom);
        }
        PackageInventory inv = inventory.get();
        for (InstalledPackage p : inv.packages()) {
            String purl = purl(inv.packaging(), p, osRelease);
            ObjectNode c = components.addObject();
            c.put("type", "library");
            c.put("bom-ref", purl);
            c.put("name", p.name());
            c.put("version", p.version());
            if (!p.summary().isEmpty()) {
                c.put("description", p.summary());
            }
            if (!p.license().isEmpty()) {
                c.putArray("licenses").addObject().putObject("license").put("name", p.license());
            }
            c.put("purl", purl);
        }
        return Mappers.toJson(bom);
    }

    /** The package's purl. */
    public static String purl(Packaging packaging, InstalledPackage p, OsRelease osRelease) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("arch", p.architecture());
        q.put("distro", osRelease.distro());
        if (packaging == Packaging.RPM) {
            q.put("epoch", p.epoch());
        }
        String namespace = osRelease.id().isEmpty() ? (packaging == Packaging.DEB ? "debian" : "") : osRelease.id();
        return PackageUrl.of(packaging.purlType(), namespace, p.name(), p.versionWithoutEpoch(), q);
    }

    private static void property(ArrayNode properties, String name, String value) {
        ObjectNode p = properties.addObject();
        p.put("name", name);
        p.put("value", value);
    }

    /** A name-based (version 5, SHA-1) UUID of the image ID and its tar's sha256: the same image, the same serial. */
    static UUID serial(Image image) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            ByteBuffer ns = ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                    .putLong(NAMESPACE.getLeastSignificantBits());
            sha1.update(ns.array());
            sha1.update((image.id() + "@sha256:" + image.tarSha256()).getBytes(StandardCharsets.UTF_8));
            byte[] h = sha1.digest();
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
