package io.osimg.build;

import io.osimg.core.checksum.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/** Digests of a whole file, all algorithms in one read. */
public final class FileDigests {
    private FileDigests() {}

    public static Map<DigestAlgorithm, String> of(Path file, DigestAlgorithm... algorithms) throws IOException {
        Map<DigestAlgorithm, MessageDigest> digests = new EnumMap<>(DigestAlgorithm.class);
        for (DigestAlgorithm a : algorithms) {
            digests.put(a, newDigest(a));
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                for (MessageDigest d : digests.values()) {
                    d.update(buf, 0, n);
                }
            }
        }
        Map<DigestAlgorithm, String> hex = new EnumMap<>(DigestAlgorithm.class);
        digests.forEach((a, d) -> hex.put(a, HexFormat.of().formatHex(d.digest())));
        return hex;
    }

    static MessageDigest newDigest(DigestAlgorithm a) {
        try {
            return MessageDigest.getInstance(a.javaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + a.javaName(), e);
        }
    }
}
