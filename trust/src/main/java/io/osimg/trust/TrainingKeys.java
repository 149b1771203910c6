package io.osimg.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Throwaway keys of every kind osimg signs with, for the launcher's class data training (CDS): an OpenPGP RSA key and
 * an OpenPGP ed25519 key, both protected by a passphrase the way gpg exports them (AES, iterated and salted S2K), and
 * an ECDSA P-256 key in SEC1 PEM as {@code openssl ecparam -genkey} writes it; with their public halves as a trust
 * policy. Signing and checking with them once loads Bouncy Castle's classes (parsing, unlocking, signing, armoring,
 * verifying), so that the archive holds them and the first signed build does not pay for loading them. Made fresh
 * each time; never used for anything else.
 *
 * @param passphrase the file holding the OpenPGP keys' passphrase (for {@code --sign-passphrase-file})
 * @param openPgpRsa an armored OpenPGP secret key (RSA 2048, for a gpg 2.2 default key)
 * @param openPgpEd25519 an armored OpenPGP secret key (EdDSA ed25519, gpg 2.4's default)
 * @param ecdsa an EC P-256 private key in PEM
 * @param trust the public keys of all three, one file (for {@code --trust})
 */
public record TrainingKeys(Path passphrase, Path openPgpRsa, Path openPgpEd25519, Path ecdsa, Path trust) {

    private static final String USER_ID = "osimg class data training (throwaway)";

    /** Makes the keys in {@code dir}. */
    public static TrainingKeys write(Path dir) throws IOException {
        SecureRandom random = new SecureRandom();
        char[] pass = "training".toCharArray();
        try {
            Date now = new Date();
            RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
            rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, 2048, 80));
            PGPKeyRingGenerator rsaRing = ring(new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL,
                    rsa.generateKeyPair(), now), pass, random);
            Ed25519KeyPairGenerator ed = new Ed25519KeyPairGenerator();
            ed.init(new Ed25519KeyGenerationParameters(random));
            AsymmetricCipherKeyPair edPair = ed.generateKeyPair();
            PGPKeyRingGenerator edRing = ring(new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, edPair, now), pass, random);
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair ecPair = ec.generateKeyPair();

            TrainingKeys keys = new TrainingKeys(dir.resolve("passphrase"), dir.resolve("openpgp-rsa.asc"),
                    dir.resolve("openpgp-ed25519.asc"), dir.resolve("ecdsa.pem"), dir.resolve("trust.asc"));
            Files.writeString(keys.passphrase(), new String(pass) + "\n");
            Files.write(keys.openPgpRsa(), armor(rsaRing.generateSecretKeyRing().getEncoded()));
            Files.write(keys.openPgpEd25519(), armor(edRing.generateSecretKeyRing().getEncoded()));
            Files.writeString(keys.ecdsa(), sec1(ecPair));
            ByteArrayOutputStream trust = new ByteArrayOutputStream();
            trust.write(armor(rsaRing.generatePublicKeyRing().getEncoded()));
            trust.write(armor(edRing.generatePublicKeyRing().getEncoded()));
            trust.write(pem("PUBLIC KEY", ecPair.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII));
            Files.write(keys.trust(), trust.toByteArray());
            return keys;
        } catch (PGPException | GeneralSecurityException e) {
            throw new IOException("making the training keys: " + Pgp.reason(e), e);
        }
    }

    private static PGPKeyRingGenerator ring(BcPGPKeyPair pair, char[] pass, SecureRandom random) throws PGPException {
        PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
        return new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, USER_ID, sha1, hashed.generate(), null,
                new BcPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
                new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_128, sha1, 0x60)
                        .setSecureRandom(random).build(pass));
    }

    private static byte[] armor(byte[] packets) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armored.write(packets);
        }
        return out.toByteArray();
    }

    /** The key as {@code openssl ecparam -genkey} writes it: SEC1 {@code EC PRIVATE KEY} with the curve's OID. */
    private static String sec1(KeyPair pair) throws IOException {
        ECPrivateKey jdk = (ECPrivateKey) pair.getPrivate();
        byte[] point = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData().getBytes();
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, jdk.getS(),
                new DERBitString(point), X9ObjectIdentifiers.prime256v1);
        return pem("EC PRIVATE KEY", sec1.getEncoded());
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }
}
