package io.osimg.transfer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Several message digests updated together over one byte stream. */
final class Digests {

    private final Map<String, MessageDigest> digests = new TreeMap<>();
    private Map<String, String> result;

    private Digests() {
    }

    /** @throws IllegalArgumentException if the JDK knows no such algorithm */
    static Digests of(Set<String> algorithms) {
        Digests d = new Digests();
        for (String algorithm : algorithms) {
            try {
                d.digests.put(algorithm, MessageDigest.getInstance(algorithm));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalArgumentException("unknown digest algorithm " + algorithm, e);
            }
        }
        return d;
    }

    void update(byte[] bytes, int offset, int length) {
        for (MessageDigest md : digests.values()) {
            md.update(bytes, offset, length);
        }
    }

    /** Completes the digests; later calls return the same values. */
    Map<String, String> finish() {
        if (result == null) {
            Map<String, String> hex = new TreeMap<>();
            digests.forEach((name, md) -> hex.put(name, HexFormat.of().formatHex(md.digest())));
            result = Collections.unmodifiableMap(hex);
        }
        return result;
    }
}
