package io.osimg.trust;

import io.osimg.core.text.TextFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;

/**
 * A key that signs images ({@code --sign-key FILE}): an armored OpenPGP secret key (its signing key is used) or an
 * ECDSA P-256 private key in PEM. Which one a file holds is told by its armor line.
 */
public sealed interface SigningKey permits SigningKey.OpenPgp, SigningKey.Ecdsa {

    /** The key as messages name it. */
    String describe();

    /**
     * Reads a signing key.
     *
     * @param passphrase the OpenPGP key's passphrase; empty for an unprotected key
     * @throws IllegalArgumentException naming the file when it holds no usable key, or the passphrase is wrong
     */
    static SigningKey read(Path file, char[] passphrase) throws IOException {
        String text = TextFile.read(file, 1 << 20);
        String what = "--sign-key " + file;
        if (text.contains(Pgp.PRIVATE_KEY_BLOCK)) {
            return OpenPgp.parse(text, passphrase, what);
        }
        if (text.contains("-----BEGIN EC PRIVATE KEY-----") || text.contains("-----BEGIN PRIVATE KEY-----")
                || text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            return new Ecdsa(EcKeys.privateKey(text, what));
        }
        throw new IllegalArgumentException(what + ": neither an armored OpenPGP secret key (gpg --export-secret-keys "
                + "--armor) nor an EC private key in PEM");
    }

    /** An OpenPGP signing key; its signatures are detached, binary-document signatures with SHA-512. */
    final class OpenPgp implements SigningKey {
        private final PGPPublicKey publicKey;
        private final PGPPrivateKey privateKey;
        private final String userId;

        private OpenPgp(PGPPublicKey publicKey, PGPPrivateKey privateKey, String userId) {
            this.publicKey = publicKey;
            this.privateKey = privateKey;
            this.userId = userId;
        }

        static OpenPgp parse(String armored, char[] passphrase, String what) throws IOException {
            PGPSecretKeyRingCollection rings;
            try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
                rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
            } catch (PGPException | IOException e) {
                throw new IllegalArgumentException(what + ": not an OpenPGP secret key (" + Pgp.reason(e) + ")", e);
            }
            List<String> skipped = new ArrayList<>();
            for (PGPSecretKeyRing ring : rings) {
                PGPPublicKey primary = ring.getPublicKey();
                String userId = Pgp.userId(primary).orElse("");
                for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
                    PGPSecretKey secret = keys.next();
                    PGPPublicKey pub = secret.getPublicKey();
                    String id = Pgp.keyId(pub.getKeyID());
                    if (!secret.isSigningKey() || !Pgp.canSign(pub) || secret.isPrivateKeyEmpty()) {
                        continue;
                    }
                    if (pub.hasRevocation() || primary.hasRevocation()) {
                        skipped.add(id + " is revoked");
                        continue;
                    }
                    if (Pgp.expiry(pub).filter(t -> t.isBefore(Instant.now())).isPresent()
                            || Pgp.expiry(primary).filter(t -> t.isBefore(Instant.now())).isPresent()) {
                        skipped.add(id + " has expired");
                        continue;
                    }
                    try {
                        // the JDK's SHA-1 and AES for the passphrase's S2K (gpg iterates some 65 MB through SHA-1):
                        // 4x faster than the lightweight digest, well under a second
                        PGPPrivateKey key = secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder(
                                new JcaPGPDigestCalculatorProviderBuilder().build())
                                .build(passphrase == null ? new char[0] : passphrase));
                        return new OpenPgp(pub, key, userId);
                    } catch (PGPException e) {
                        throw new IllegalArgumentException(what + ": cannot unlock key " + id + " (" + Pgp.reason(e)
                                + "): wrong or missing passphrase (--sign-passphrase-file or OSIMG_SIGN_PASSPHRASE)", e);
                    }
                }
            }
            throw new IllegalArgumentException(what + ": no usable signing key in it"
                    + (skipped.isEmpty() ? "" : " (" + String.join(", ", skipped) + ")"));
        }

        /** A detached signature over {@code data}, made at {@code now}. */
        PGPSignature sign(byte[] data, Instant now) {
            try {
                PGPSignatureGenerator generator = new PGPSignatureGenerator(
                        new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA512), publicKey);
                generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
                PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
                hashed.setSignatureCreationTime(false, Date.from(now));
                hashed.setIssuerFingerprint(false, publicKey);
                generator.setHashedSubpackets(hashed.generate());
                PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
                unhashed.setIssuerKeyID(false, publicKey.getKeyID());
                generator.setUnhashedSubpackets(unhashed.generate());
                generator.update(data);
                return generator.generate();
            } catch (PGPException e) {
                throw new IllegalStateException("signing with " + describe() + ": " + e.getMessage(), e);
            }
        }

        public String keyId() {
            return Pgp.keyId(publicKey.getKeyID());
        }

        @Override
        public String describe() {
            return "OpenPGP key " + keyId() + (userId.isEmpty() ? "" : " (" + userId + ")");
        }
    }

    /** An ECDSA P-256 key; its signature is a cosign-style blob signature: base64 of the DER signature. */
    final class Ecdsa implements SigningKey {
        private final EcKeys.EcKey key;

        Ecdsa(EcKeys.EcKey key) {
            this.key = Objects.requireNonNull(key);
        }

        byte[] sign(byte[] data) {
            return EcKeys.sign(key, data);
        }

        public String keyId() {
            return key.keyId();
        }

        @Override
        public String describe() {
            return key.describe();
        }
    }
}
