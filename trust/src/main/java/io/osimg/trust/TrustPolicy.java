package io.osimg.trust;

import io.osimg.core.store.ImageFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * The keys an image must be signed by ({@code --trust FILE|URL}, {@code osimg.trust=URL}): OpenPGP keyrings,
 * armored or binary ({@code gpg --export [--armor]}, a Debian-style {@code .gpg} keyring), and ECDSA P-256 public
 * keys in PEM, several of each for rotation. {@link #check} accepts an image only when a key of the policy that is
 * neither expired nor revoked signed the exact bytes of its sha512 file; the installer's and the mirror's digest
 * gates then hold the image's bytes against that sha512.
 */
public final class TrustPolicy {

    private final List<PGPPublicKeyRing> pgpRings;
    private final List<EcKeys.EcKey> ecKeys;
    private final List<String> sources;
    private final Clock clock;

    private TrustPolicy(List<PGPPublicKeyRing> pgpRings, List<EcKeys.EcKey> ecKeys, List<String> sources, Clock clock) {
        this.pgpRings = List.copyOf(pgpRings);
        this.ecKeys = List.copyOf(ecKeys);
        this.sources = List.copyOf(sources);
        this.clock = clock;
    }

    /** A policy of no keys yet; add documents with {@link #with}. */
    public static TrustPolicy empty(Clock clock) {
        return new TrustPolicy(List.of(), List.of(), List.of(), Objects.requireNonNull(clock, "clock"));
    }

    /** One document's keys. */
    public static TrustPolicy parse(String source, byte[] content) throws IOException {
        return empty(Clock.systemUTC()).with(source, content);
    }

    /**
     * This policy plus the keys of one document.
     *
     * @param source the file or URL, for messages
     * @throws IllegalArgumentException naming {@code source} when it holds no key this policy can use
     */
    public TrustPolicy with(String source, byte[] content) throws IOException {
        List<PGPPublicKeyRing> rings = new ArrayList<>(pgpRings);
        List<EcKeys.EcKey> ec = new ArrayList<>(ecKeys);
        int before = rings.size() + ec.size();
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (content.length >= 8 && text.startsWith("KBXf", 8)) {
            throw new IllegalArgumentException("--trust " + source + ": a GnuPG keybox (pubring.kbx); export the keys "
                    + "with gpg --export [--armor] KEY > FILE");
        }
        if (content.length > 0 && (content[0] & 0x80) != 0) {
            rings.addAll(rings(content, source));
        } else {
            int from = 0;
            for (int at = text.indexOf(Pgp.PUBLIC_KEY_BLOCK); at >= 0; at = text.indexOf(Pgp.PUBLIC_KEY_BLOCK, from)) {
                int end = text.indexOf(Pgp.PUBLIC_KEY_END, at);
                from = end < 0 ? text.length() : end + Pgp.PUBLIC_KEY_END.length();
                rings.addAll(rings(text.substring(at, from).getBytes(StandardCharsets.ISO_8859_1), source));
            }
            if (text.contains("-----BEGIN PUBLIC KEY-----")) {
                ec.addAll(EcKeys.publicKeys(withoutPgpBlocks(text), "--trust " + source));
            }
        }
        if (rings.size() + ec.size() == before) {
            throw new IllegalArgumentException("--trust " + source + ": no key in it (an OpenPGP keyring, armored or "
                    + "binary, or ECDSA P-256 public keys in PEM)");
        }
        List<String> s = new ArrayList<>(sources);
        s.add(source);
        return new TrustPolicy(rings, ec, s, clock);
    }

    /** The text outside the armored OpenPGP key blocks (a file may hold both kinds of key; PEM parsing needs this). */
    private static String withoutPgpBlocks(String text) {
        StringBuilder rest = new StringBuilder();
        int from = 0;
        for (int at = text.indexOf(Pgp.PUBLIC_KEY_BLOCK); at >= 0; at = text.indexOf(Pgp.PUBLIC_KEY_BLOCK, from)) {
            rest.append(text, from, at);
            int end = text.indexOf(Pgp.PUBLIC_KEY_END, at);
            from = end < 0 ? text.length() : end + Pgp.PUBLIC_KEY_END.length();
        }
        return rest.append(text, from, text.length()).toString();
    }

    private static List<PGPPublicKeyRing> rings(byte[] bytes, String source) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
            List<PGPPublicKeyRing> out = new ArrayList<>();
            new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()).forEach(out::add);
            return out;
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IllegalArgumentException("--trust " + source + ": not an OpenPGP keyring (" + Pgp.reason(e) + ")", e);
        }
    }

    /** Whether the policy holds any key ({@code --trust} was given). */
    public boolean isEmpty() {
        return pgpRings.isEmpty() && ecKeys.isEmpty();
    }

    /** The keys, as a summary line names them: {@code 2 OpenPGP keys (ID, ID), 1 ECDSA key (sha256:...)}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!pgpRings.isEmpty()) {
            parts.add(pgpRings.size() + " OpenPGP key" + (pgpRings.size() == 1 ? "" : "s") + " ("
                    + String.join(", ", pgpRings.stream().map(r -> Pgp.keyId(r.getPublicKey().getKeyID())).toList()) + ")");
        }
        if (!ecKeys.isEmpty()) {
            parts.add(ecKeys.size() + " ECDSA key" + (ecKeys.size() == 1 ? "" : "s") + " ("
                    + String.join(", ", ecKeys.stream().map(k -> "sha256:" + k.keyId()).toList()) + ")");
        }
        return parts.isEmpty() ? "no keys" : String.join(", ", parts);
    }

    /**
     * Accepts the image's sha512 file when a trusted key signed it.
     *
     * @return the accepted signature (the first that passes)
     * @throws UntrustedImageException naming the image, each signature's key and why it was refused
     */
    public TrustedSignature check(SignatureFiles files) throws UntrustedImageException {
        String image = files.image();
        if (!files.signed()) {
            throw new UntrustedImageException(image + ": not signed (no " + ImageFiles.SHA512_ASC + " or "
                    + ImageFiles.SHA512_SIG + " beside it); the trust policy requires a signature by " + describe());
        }
        if (files.sha512() == null) {
            throw new UntrustedImageException(image + ": has signatures but no " + ImageFiles.SHA512
                    + ", the file they sign; the trust policy requires a signed sha512");
        }
        List<String> refused = new ArrayList<>();
        if (files.asc() != null) {
            Optional<TrustedSignature> ok = checkPgp(files, refused);
            if (ok.isPresent()) {
                return ok.get();
            }
        }
        if (files.sig() != null) {
            Optional<TrustedSignature> ok = checkEcdsa(files, refused);
            if (ok.isPresent()) {
                return ok.get();
            }
        }
        throw new UntrustedImageException(image + ": refused by the trust policy: " + String.join("; ", refused));
    }

    private Optional<TrustedSignature> checkPgp(SignatureFiles files, List<String> refused) {
        String file = ImageFiles.SHA512_ASC;
        List<PGPSignature> signatures;
        try {
            signatures = Pgp.signatures(files.asc());
        } catch (IOException e) {
            refused.add(file + " is " + e.getMessage());
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (PGPSignature sig : signatures) {
            long keyId = sig.getKeyID();
            String id = Pgp.keyId(keyId);
            Optional<PGPPublicKeyRing> ring = ringOf(keyId);
            if (ring.isEmpty()) {
                refused.add(file + ": signed by key " + id + ", which the trust policy does not hold (it holds " + describe() + ")");
                continue;
            }
            PGPPublicKey primary = ring.get().getPublicKey();
            PGPPublicKey key = ring.get().getPublicKey(keyId);
            String named = "key " + id + Pgp.userId(primary).map(u -> " (" + u + ")").orElse("");
            if (key.hasRevocation() || primary.hasRevocation()) {
                refused.add(file + ": signed by " + named + ", which is revoked");
                continue;
            }
            Optional<Instant> expiry = Stream.of(Pgp.expiry(key), Pgp.expiry(primary)).flatMap(Optional::stream)
                    .filter(t -> !t.isAfter(now)).min(Instant::compareTo);
            if (expiry.isPresent()) {
                refused.add(file + ": signed by " + named + ", which expired on " + expiry.get());
                continue;
            }
            try {
                sig.init(new BcPGPContentVerifierBuilderProvider(), key);
                sig.update(files.sha512());
                if (sig.verify()) {
                    Instant created = sig.getCreationTime().toInstant();
                    return Optional.of(new TrustedSignature(file, named, id, created));
                }
                refused.add(file + ": the signature by " + named + " does not match " + ImageFiles.SHA512
                        + " (the file was changed after signing, or the signature is damaged)");
            } catch (PGPException | RuntimeException e) {
                refused.add(file + ": the signature by " + named + " cannot be checked (" + Pgp.reason(e) + ")");
            }
        }
        return Optional.empty();
    }

    private Optional<PGPPublicKeyRing> ringOf(long keyId) {
        for (PGPPublicKeyRing ring : pgpRings) {
            if (ring.getPublicKey(keyId) != null) {
                return Optional.of(ring);
            }
        }
        return Optional.empty();
    }

    private Optional<TrustedSignature> checkEcdsa(SignatureFiles files, List<String> refused) {
        String file = ImageFiles.SHA512_SIG;
        byte[] der;
        try {
            der = Base64.getDecoder().decode(new String(files.sig(), StandardCharsets.US_ASCII).replaceAll("\\s", ""));
            if (der.length == 0) {
                throw new IllegalArgumentException("empty");
            }
        } catch (IllegalArgumentException e) {
            refused.add(file + " is not base64 (" + e.getMessage() + ")");
            return Optional.empty();
        }
        if (ecKeys.isEmpty()) {
            refused.add(file + ": an ECDSA signature, but the trust policy holds no ECDSA key (it holds " + describe() + ")");
            return Optional.empty();
        }
        for (EcKeys.EcKey key : ecKeys) {
            try {
                if (EcKeys.verify(key, files.sha512(), der)) {
                    return Optional.of(new TrustedSignature(file, key.describe(), key.keyId(), null));
                }
            } catch (SignatureException e) {
                refused.add(file + " is not a DER ECDSA signature (" + Pgp.reason(e) + ")");
                return Optional.empty();
            }
        }
        refused.add(file + ": no trusted ECDSA key (" + describe() + ") made this signature over "
                + ImageFiles.SHA512 + ": signed by another key, or the file was changed after signing");
        return Optional.empty();
    }

    /** The key IDs of the policy's keys, for listings. */
    public List<String> keyIds() {
        List<String> ids = new ArrayList<>();
        for (PGPPublicKeyRing ring : pgpRings) {
            for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
                ids.add(Pgp.keyId(it.next().getKeyID()));
            }
        }
        ecKeys.forEach(k -> ids.add(k.keyId()));
        return ids;
    }

    /** The files or URLs the keys came from. */
    public List<String> sources() {
        return sources;
    }
}
