package io.osimg.core.checksum;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several digests updated together over one byte stream: the state behind {@link DigestingInputStream},
 * {@link DigestingOutputStream}, {@link FileDigests}, the fetcher and the upload handler. An empty set of
 * algorithms is allowed (counting streams).
 */
public final class Digests {

    /**
     * Bytes fed to every digest before the next piece: a megabyte-sized block is then read from memory once
     * instead of once per digest, and evicts less of what the compressor threads keep in the caches.
     */
    private static final int PIECE = 32 << 10;

    private final Map<DigestAlgorithm, MessageDigest> digests = new EnumMap<>(DigestAlgorithm.class);
    private final MessageDigest[] each;
    private Map<DigestAlgorithm, String> result;

    private Digests(Collection<DigestAlgorithm> algorithms) {
        for (DigestAlgorithm a : algorithms) {
            digests.put(a, a.newDigest());
        }
        each = digests.values().toArray(new MessageDigest[0]);
    }

    public static Digests of(Collection<DigestAlgorithm> algorithms) {
        return new Digests(algorithms);
    }

    public static Digests of(DigestAlgorithm... algorithms) {
        return new Digests(List.of(algorithms));
    }

    /** The algorithms computed. */
    public Set<DigestAlgorithm> algorithms() {
        return Collections.unmodifiableSet(digests.keySet());
    }

    public void update(byte b) {
        for (MessageDigest d : each) {
            d.update(b);
        }
    }

    public void update(byte[] b, int off, int len) {
        if (each.length == 1) {
            each[0].update(b, off, len);
            return;
        }
        for (int at = off, end = off + len; at < end; at += PIECE) {
            int n = Math.min(PIECE, end - at);
            for (MessageDigest d : each) {
                d.update(b, at, n);
            }
        }
    }

    /** Feeds the remaining bytes of {@code buffer} without moving its position. */
    public void update(ByteBuffer buffer) {
        for (MessageDigest d : each) {
            d.update(buffer.duplicate());
        }
    }

    /** Completes the digests: lower-case hex by algorithm. Later calls return the same values. */
    public Map<DigestAlgorithm, String> finish() {
        if (result == null) {
            Map<DigestAlgorithm, String> hex = new EnumMap<>(DigestAlgorithm.class);
            digests.forEach((a, d) -> hex.put(a, HexFormat.of().formatHex(d.digest())));
            result = Collections.unmodifiableMap(hex);
        }
        return result;
    }
}
