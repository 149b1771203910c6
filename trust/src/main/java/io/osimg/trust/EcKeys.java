package io.osimg.trust;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * ECDSA P-256 keys in PEM (what {@code openssl ecparam -genkey} / {@code openssl genpkey} and {@code openssl pkey
 * -pubout} write; cosign's key-based blob signatures use the same) and the one signature algorithm over them:
 * SHA-256 with ECDSA, the signature DER-encoded. PEM parsing is Bouncy Castle's, the arithmetic the JDK's.
 */
final class EcKeys {

    static final String ALGORITHM = "SHA256withECDSA";
    private static final ASN1ObjectIdentifier P256 = X9ObjectIdentifiers.prime256v1;

    /** A P-256 key pair: the private key may be absent (a policy's public key). */
    record EcKey(PrivateKey privateKey, PublicKey publicKey, String keyId) {
        String describe() {
            return "ecdsa-p256 sha256:" + keyId;
        }
    }

    private EcKeys() {
    }

    /** The private key in a PEM text (SEC1 {@code EC PRIVATE KEY} or PKCS#8 {@code PRIVATE KEY}). */
    static EcKey privateKey(String pem, String what) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o; (o = parser.readObject()) != null; ) {
                PrivateKeyInfo info = switch (o) {
                    case PEMKeyPair pair -> pair.getPrivateKeyInfo();
                    case PrivateKeyInfo pki -> pki;
                    default -> null;
                };
                if (info != null) {
                    requireP256(info.getPrivateKeyAlgorithm(), what);
                    PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
                    SubjectPublicKeyInfo spki = publicOf(info);
                    PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
                    return new EcKey(key, pub, keyId(spki.getEncoded()));
                }
                if (o.getClass().getSimpleName().contains("Encrypted")) {
                    throw new IllegalArgumentException(what + ": an encrypted PEM key; decrypt it first (openssl pkey -in KEY -out PLAIN)");
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(what + ": not a usable EC private key (" + e.getMessage() + ")", e);
        }
        throw new IllegalArgumentException(what + ": no private key in this PEM file");
    }

    /** Every public key in a PEM text ({@code PUBLIC KEY} blocks); each must be P-256. */
    static List<EcKey> publicKeys(String pem, String what) throws IOException {
        List<EcKey> keys = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o; (o = parser.readObject()) != null; ) {
                if (o instanceof SubjectPublicKeyInfo spki) {
                    requireP256(spki.getAlgorithm(), what);
                    PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
                    keys.add(new EcKey(null, pub, keyId(spki.getEncoded())));
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(what + ": not a usable EC public key (" + e.getMessage() + ")", e);
        }
        return keys;
    }

    static byte[] sign(EcKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key.privateKey());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + key.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code der} is this key's signature over {@code data}; a malformed signature is an exception. */
    static boolean verify(EcKey key, byte[] data, byte[] der) throws java.security.SignatureException {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key.publicKey());
            s.update(data);
            return s.verify(der);
        } catch (java.security.SignatureException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("verifying with " + key.describe() + ": " + e.getMessage(), e);
        }
    }

    private static void requireP256(AlgorithmIdentifier algorithm, String what) {
        ASN1Encodable params = algorithm.getParameters();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm()) || !P256.equals(params)) {
            throw new IllegalArgumentException(what + ": not an ECDSA P-256 key (algorithm " + algorithm.getAlgorithm()
                    + (params instanceof ASN1ObjectIdentifier oid ? ", curve " + oid : "") + "); osimg's blob signatures use P-256");
        }
    }

    /** The public key of a private key: d times the curve's generator (Bouncy Castle's point arithmetic). */
    private static SubjectPublicKeyInfo publicOf(PrivateKeyInfo info) throws IOException {
        BigInteger d = ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
        X9ECParameters curve = CustomNamedCurves.getByOID(P256);
        byte[] point = curve.getG().multiply(d).normalize().getEncoded(false);
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, P256), point);
    }

    /** The first 16 hex digits of the SHA-256 of the public key's DER (SubjectPublicKeyInfo). */
    private static String keyId(byte[] spki) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
