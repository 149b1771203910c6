package io.osimg.core.checksum;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/** The digests osimg writes and checks, with their JDK names and checksum file suffixes. */
public enum DigestAlgorithm {
    MD5("MD5", 32, ".md5"),
    SHA256("SHA-256", 64, ".sha256"),
    SHA512("SHA-512", 128, ".sha512");

    private final String javaName;
    private final int hexLength;
    private final String fileSuffix;

    DigestAlgorithm(String javaName, int hexLength, String fileSuffix) {
        this.javaName = javaName;
        this.hexLength = hexLength;
        this.fileSuffix = fileSuffix;
    }

    /** The name for {@link MessageDigest#getInstance(String)}. */
    public String javaName() {
        return javaName;
    }

    /** A fresh digest of this algorithm (every JDK has the three). */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(javaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + javaName, e);
        }
    }

    /** The number of hex digits of a digest. */
    public int hexLength() {
        return hexLength;
    }

    /** The suffix of the checksum file, with the dot: {@code .md5}. */
    public String fileSuffix() {
        return fileSuffix;
    }

    /** The short lower-case name used in manifests and messages: {@code md5}, {@code sha256}, {@code sha512}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The algorithm of a checksum file suffix or name: {@code ".md5"}, {@code "md5"} or {@code "img.tar.lz4.md5"}. */
    public static Optional<DigestAlgorithm> forSuffix(String suffixOrFileName) {
        if (suffixOrFileName == null) {
            return Optional.empty();
        }
        String s = suffixOrFileName.toLowerCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) {
            if (s.equals(a.id()) || s.endsWith(a.fileSuffix)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The algorithm with the given {@link #id()}, case-insensitive. */
    public static Optional<DigestAlgorithm> forId(String id) {
        for (DigestAlgorithm a : values()) {
            if (a.id().equalsIgnoreCase(id)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
