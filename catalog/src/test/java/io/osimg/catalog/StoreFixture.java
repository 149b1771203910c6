package io.osimg.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Writes tiny images into a store directory for catalog tests. */
public final class StoreFixture {

    /** The image directories of {@link #contractStore}. */
    public static final String[] DIRS = {
            "20261001/debian/12", "20261120/debian/12",
            "20261001/ubuntu/24.04", "20261120/ubuntu/24.04",
            "20261120/ubuntu/20.04",
            "20200601/ubuntu/19.04", "20200501/ubuntu-small/19.04",
            "20260101/firewall/2.0", "20260201/firewall/2.1", "20260301/firewall/3.0",
            "20260201/firewall/3.0-ubuntu",
            "stable/debian/12", "stable/debian/14", "pull_requests/42-fix-dns/debian/12"};

    private StoreFixture() {
    }

    /**
     * A store covering the rules of contract section 3, plus directories that must be skipped: a version directory
     * that does not parse, a release that is no date, an image without its md5.
     */
    public static Path contractStore(Path root) throws IOException {
        for (String dir : DIRS) {
            image(root, dir);
        }
        image(root, "20261120/debian/twelve");
        image(root, "20261399/debian/12");
        Path incomplete = root.resolve("20261201/debian/12");
        Files.createDirectories(incomplete);
        Files.writeString(incomplete.resolve("img.tar.lz4"), "no md5 yet");
        Files.writeString(root.resolve("20260301/firewall/3.0/manifest.json"), """
                {"id":"firewall-3.0.20260301","classification":"supported","features":["firewall"],
                 "created":"2026-03-01T00:00:00Z","expirationDate":"2026-09-01T00:00:00Z",
                 "compressedDigests":{"sha256":"%s"}}
                """.formatted("ab".repeat(32)));
        Files.writeString(root.resolve("20261120/debian/12/packages.txt"), "ii  bash  5.2  amd64  GNU Bourne Again SHell\n");
        return root;
    }

    /** img.tar.lz4 (its bytes: the directory name) and img.tar.lz4.md5. */
    public static void image(Path root, String dir) throws IOException {
        Path d = root.resolve(dir);
        Files.createDirectories(d);
        byte[] bytes = ("image " + dir).getBytes(StandardCharsets.UTF_8);
        Files.write(d.resolve("img.tar.lz4"), bytes);
        Files.writeString(d.resolve("img.tar.lz4.md5"), md5(bytes) + "  img.tar.lz4\n");
    }

    public static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
