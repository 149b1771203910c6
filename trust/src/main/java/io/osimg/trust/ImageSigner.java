package io.osimg.trust;

import io.osimg.core.store.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * Signs an image's checksum file (and its manifest): every OpenPGP key adds a signature to the detached, armored
 * {@code img.tar.lz4.sha512.asc} and {@code manifest.json.asc} ({@code gpg --verify} checks them, as Debian's
 * {@code SHA512SUMS.gpg}); an ECDSA key writes {@code img.tar.lz4.sha512.sig}, base64 of its DER signature
 * ({@code openssl dgst -sha256 -verify}).
 */
public final class ImageSigner {

    private ImageSigner() {
    }

    /**
     * The signature files, by file name.
     *
     * @param sha512   the exact bytes of {@code img.tar.lz4.sha512}
     * @param manifest the exact bytes of {@code manifest.json}, null when the image has none
     * @throws IllegalArgumentException for no key, or more than one ECDSA key (the .sig file holds one signature)
     */
    public static Map<String, byte[]> sign(List<SigningKey> keys, byte[] sha512, byte[] manifest, Instant now)
            throws IOException {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("--sign-key: no key given");
        }
        List<PGPSignature> overSha512 = new ArrayList<>();
        List<PGPSignature> overManifest = new ArrayList<>();
        List<SigningKey.Ecdsa> ecdsa = new ArrayList<>();
        for (SigningKey key : keys) {
            switch (key) {
                case SigningKey.OpenPgp pgp -> {
                    overSha512.add(pgp.sign(sha512, now));
                    if (manifest != null) {
                        overManifest.add(pgp.sign(manifest, now));
                    }
                }
                case SigningKey.Ecdsa ec -> ecdsa.add(ec);
            }
        }
        if (ecdsa.size() > 1) {
            throw new IllegalArgumentException("--sign-key: " + ecdsa.size() + " ECDSA keys given, but "
                    + ImageFiles.SHA512_SIG + " holds one signature; sign with one ECDSA key (and any OpenPGP keys)");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!overSha512.isEmpty()) {
            files.put(ImageFiles.SHA512_ASC, Pgp.armor(overSha512));
        }
        if (!overManifest.isEmpty()) {
            files.put(ImageFiles.MANIFEST_ASC, Pgp.armor(overManifest));
        }
        if (!ecdsa.isEmpty()) {
            String b64 = Base64.getEncoder().encodeToString(ecdsa.getFirst().sign(sha512)) + "\n";
            files.put(ImageFiles.SHA512_SIG, b64.getBytes(StandardCharsets.US_ASCII));
        }
        return files;
    }
}
