package io.osimg.trust;

import io.osimg.core.store.ImageFiles;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * What an image's signature files say without a trust policy (lint, the catalog, the server's API): who signed,
 * when. Nothing here is checked against a key: that is {@link TrustPolicy#check}.
 */
public final class Signatures {

    /**
     * One signature found.
     *
     * @param file    the signature file
     * @param keyId   the OpenPGP issuer key ID (16 hex digits); {@code ecdsa} for a blob signature, which does not name its key
     * @param created when it was made; null for a blob signature
     */
    public record Found(String file, String keyId, Instant created) {
        public String describe() {
            return (keyId.equals("ecdsa") ? "an ECDSA blob signature" : "key " + keyId)
                    + (created == null ? "" : " on " + created) + " (" + file + ")";
        }
    }

    private Signatures() {
    }

    /**
     * The signatures in the files; a file that holds none is an IOException naming it.
     *
     * @param asc {@code img.tar.lz4.sha512.asc}, null when absent
     * @param sig {@code img.tar.lz4.sha512.sig}, null when absent
     */
    public static List<Found> inspect(byte[] asc, byte[] sig) throws IOException {
        List<Found> found = new ArrayList<>();
        if (asc != null) {
            try {
                for (PGPSignature s : Pgp.signatures(asc)) {
                    found.add(new Found(ImageFiles.SHA512_ASC, Pgp.keyId(s.getKeyID()), s.getCreationTime().toInstant()));
                }
            } catch (IOException e) {
                throw new IOException(ImageFiles.SHA512_ASC + " is " + e.getMessage(), e);
            }
        }
        if (sig != null) {
            found.add(new Found(ImageFiles.SHA512_SIG, "ecdsa", null));
        }
        return found;
    }
}
