package io.osimg.store.mirror;

import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.image.ImageManifest;
import io.osimg.core.store.StoreLayout;
import io.osimg.transfer.Deadlines;
import io.osimg.transfer.TransferOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An upstream store of 30 images: 5 lines (debian 11 and 12, ubuntu 22.04 and 24.04, firewall 3.0-ubuntu) of 6
 * releases each, with random {@code img.tar.lz4} bytes, right {@code .md5}/{@code .sha512} files and a
 * {@code manifest.json} with digests and an expiration (release + 90 days, with two exceptions, see {@link #NOW}).
 */
final class UpstreamFixture {

    /** The mirror's clock in these tests. */
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final String PREFIX = "metal-os";
    static final int IMAGE_BYTES = 40_000;

    /** OS directory, version directory, day offset of the line's release dates. */
    static final List<String[]> LINES = List.of(
            new String[] {"debian", "11", "0"}, new String[] {"debian", "12", "1"},
            new String[] {"ubuntu", "22.04", "2"}, new String[] {"ubuntu", "24.04", "3"},
            new String[] {"firewall", "3.0-ubuntu", "4"});
    static final int[][] MONTH_DAY = {{1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}, {5, 21}};

    private UpstreamFixture() {
    }

    /** Writes the 30 images under {@code root}; returns their directories. */
    static List<String> populate(Path root) throws IOException {
        Random random = new Random(42);
        List<String> dirs = new ArrayList<>();
        for (String[] line : LINES) {
            int offset = Integer.parseInt(line[2]);
            for (int[] md : MONTH_DAY) {
                LocalDate date = LocalDate.of(2026, md[0], md[1] + offset);
                String release = String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
                Instant created = date.atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant expires = created.plus(Duration.ofDays(90));
                String dir = PREFIX + "/" + release + "/" + line[0] + "/" + line[1];
                if (dir.equals(PREFIX + "/20260521/debian/11")) {
                    expires = Instant.parse("2026-05-01T00:00:00Z"); // withdrawn: expired beyond the grace period
                }
                if (dir.equals(PREFIX + "/20260523/ubuntu/22.04")) {
                    expires = Instant.parse("2026-05-28T00:00:00Z"); // expired, but within 7 days of grace
                }
                byte[] img = new byte[IMAGE_BYTES];
                random.nextBytes(img);
                writeImage(root, dir, img, created, expires);
                dirs.add(dir);
            }
        }
        return dirs;
    }

    static void writeImage(Path root, String dir, byte[] img, Instant created, Instant expires) throws IOException {
        Path d = Files.createDirectories(root.resolve(dir));
        Files.write(d.resolve("img.tar.lz4"), img);
        String md5 = hex("MD5", img);
        String sha512 = hex("SHA-512", img);
        Files.writeString(d.resolve("img.tar.lz4.md5"), ChecksumFile.format(DigestAlgorithm.MD5, md5, "img.tar.lz4"));
        Files.writeString(d.resolve("img.tar.lz4.sha512"), ChecksumFile.format(DigestAlgorithm.SHA512, sha512, "img.tar.lz4"));
        String id = StoreLayout.imageIdOf(StoreLayout.parseKey(dir + "/img.tar.lz4").orElseThrow()).toString();
        ImageManifest m = new ImageManifest(id, null, null, img.length, 0, Map.of("md5", md5, "sha512", sha512),
                Map.of(), "test fixture", created, "test", Set.of("machine"), "supported", expires);
        Files.writeString(d.resolve("manifest.json"), m.toJson());
        Files.writeString(d.resolve("packages.txt"), "ii  base-files  13  amd64  fixture of " + id + "\n");
        Files.writeString(d.resolve("sbom.cdx.json"), "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","
                + "\"metadata\":{\"component\":{\"type\":\"operating-system\",\"name\":\"" + id + "\"}}}\n");
    }

    static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every regular file under {@code root} (outside {@code .staging}) with its sha256, by relative path. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString();
                if (!rel.startsWith(".staging/")) {
                    files.put(rel, hex("SHA-256", Files.readAllBytes(p)));
                }
            }
        }
        return files;
    }

    /** Image directories (holding an img.tar.lz4) under {@code root}, outside staging. */
    static List<String> imageDirs(Path root) throws IOException {
        return snapshot(root).keySet().stream().filter(k -> k.endsWith("/img.tar.lz4"))
                .map(k -> k.substring(0, k.length() - "/img.tar.lz4".length())).sorted().toList();
    }

    /** Fast-failing transfers for tests against 127.0.0.1. */
    static TransferOptions transferOptions() {
        return TransferOptions.defaults().withMaxAttempts(3).withBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .withDeadlines(Deadlines.defaults().withConnect(Duration.ofSeconds(5)).withFirstByte(Duration.ofSeconds(20))
                        .withIdle(Duration.ofSeconds(20)));
    }
}
