package io.osimg.build;

import io.osimg.core.checksum.DigestAlgorithm;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/** Passes bytes through while feeding several digests: the compressed image hashed as it is written. */
final class DigestsOutputStream extends FilterOutputStream {
    private final Map<DigestAlgorithm, MessageDigest> digests = new EnumMap<>(DigestAlgorithm.class);

    DigestsOutputStream(OutputStream out, DigestAlgorithm... algorithms) {
        super(out);
        for (DigestAlgorithm a : algorithms) {
            digests.put(a, FileDigests.newDigest(a));
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        for (MessageDigest d : digests.values()) {
            d.update((byte) b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        for (MessageDigest d : digests.values()) {
            d.update(b, off, len);
        }
    }

    /** The hex digests of everything written; call once, after the last write. */
    Map<DigestAlgorithm, String> hex() {
        Map<DigestAlgorithm, String> hex = new EnumMap<>(DigestAlgorithm.class);
        digests.forEach((a, d) -> hex.put(a, HexFormat.of().formatHex(d.digest())));
        return hex;
    }
}
