package io.osimg.trust;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/** The few OpenPGP helpers the signer, the policy and the inspection share (Bouncy Castle does the work). */
final class Pgp {

    static final String PUBLIC_KEY_BLOCK = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    static final String PUBLIC_KEY_END = "-----END PGP PUBLIC KEY BLOCK-----";
    static final String PRIVATE_KEY_BLOCK = "-----BEGIN PGP PRIVATE KEY BLOCK-----";

    private Pgp() {
    }

    /** A key ID as gpg prints it in its long form: 16 upper-case hex digits. */
    static String keyId(long id) {
        return HexFormat.of().withUpperCase().toHexDigits(id);
    }

    static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    /** The first user ID of the primary key, or empty. */
    static Optional<String> userId(PGPPublicKey primary) {
        Iterator<String> ids = primary.getUserIDs();
        return ids.hasNext() ? Optional.of(ids.next()) : Optional.empty();
    }

    /** When the key expires, or empty when it does not. */
    static Optional<Instant> expiry(PGPPublicKey key) {
        long seconds = key.getValidSeconds();
        return seconds <= 0 ? Optional.empty() : Optional.of(key.getCreationTime().toInstant().plusSeconds(seconds));
    }

    /** Whether the key may make data signatures: its key flags say so, or it is a primary key without flags. */
    static boolean canSign(PGPPublicKey key) {
        Iterator<PGPSignature> sigs = key.getSignatures();
        boolean flagged = false;
        while (sigs.hasNext()) {
            PGPSignature sig = sigs.next();
            PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
            if (hashed == null || sig.getSignatureType() == PGPSignature.KEY_REVOCATION
                    || sig.getSignatureType() == PGPSignature.SUBKEY_REVOCATION) {
                continue;
            }
            int flags = hashed.getKeyFlags();
            if (flags != 0) {
                flagged = true;
                if ((flags & KeyFlags.SIGN_DATA) != 0) {
                    return true;
                }
            }
        }
        return !flagged && key.isMasterKey();
    }

    /** The signatures in an armored or binary detached signature file; garbage is an IOException saying so. */
    static List<PGPSignature> signatures(byte[] file) throws IOException {
        List<PGPSignature> out = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(file))) {
            collect(new BcPGPObjectFactory(in), out);
        } catch (IOException | RuntimeException | PGPException e) {
            throw new IOException("not an OpenPGP signature (" + reason(e) + ")", e);
        }
        if (out.isEmpty()) {
            throw new IOException("not an OpenPGP signature (no signature packet in it)");
        }
        return out;
    }

    private static void collect(BcPGPObjectFactory factory, List<PGPSignature> out) throws IOException, PGPException {
        for (Object o; (o = factory.nextObject()) != null; ) {
            if (o instanceof PGPSignatureList list) {
                list.forEach(out::add);
            } else if (o instanceof PGPCompressedData compressed) {
                collect(new BcPGPObjectFactory(compressed.getDataStream()), out);
            } else {
                throw new IOException("holds " + o.getClass().getSimpleName().replace("PGP", "an OpenPGP ")
                        + ", not only signatures");
            }
        }
    }

    /** Armors signatures into one detached signature file, as {@code gpg --detach-sign --armor} writes it. */
    static byte[] armor(List<PGPSignature> signatures) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
            for (PGPSignature s : signatures) {
                s.encode(armored);
            }
        }
        return bytes.toByteArray();
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
