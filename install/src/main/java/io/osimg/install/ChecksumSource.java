package io.osimg.install;

import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.store.ImageFiles;
import io.osimg.trust.SignatureFiles;
import io.osimg.trust.TrustPolicy;
import io.osimg.trust.TrustedSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Gets an image's expected digests before the image itself: {@code img.tar.lz4.md5} must exist (the contract),
 * {@code img.tar.lz4.sha512} is used when present (a 404 on it is fine). With a {@link TrustPolicy} the sha512
 * file must be there and signed by a trusted key ({@code img.tar.lz4.sha512.asc} or {@code .sig}); the digest
 * expected is then the one of the exact bytes the signature covers.
 */
final class ChecksumSource {

    private final SmallFiles files;

    ChecksumSource(SmallFiles files) {
        this.files = files;
    }

    ExpectedDigests expected(ImageSource source) throws IOException {
        return expected(source, null);
    }

    /**
     * @param trust the policy, null for none
     * @throws io.osimg.trust.UntrustedImageException when the policy refuses the image's signature
     */
    ExpectedDigests expected(ImageSource source, TrustPolicy trust) throws IOException {
        String md5Text = source.isLocal()
                ? SmallFiles.read(source.siblingFile(ImageFiles.MD5))
                : files.get(source.siblingUrls(ImageFiles.MD5));
        Optional<byte[]> sha512Bytes = bytesIfPresent(source, ImageFiles.SHA512);
        TrustedSignature signature = null;
        if (trust != null) {
            byte[] asc = bytesIfPresent(source, ImageFiles.SHA512_ASC).orElse(null);
            byte[] sig = bytesIfPresent(source, ImageFiles.SHA512_SIG).orElse(null);
            signature = trust.check(new SignatureFiles(source.describe(), sha512Bytes.orElse(null), asc, sig));
        }
        String md5 = parse(DigestAlgorithm.MD5, md5Text, source);
        String sha512 = sha512Bytes.isEmpty() ? null
                : parse(DigestAlgorithm.SHA512, new String(sha512Bytes.get(), StandardCharsets.UTF_8), source);
        return new ExpectedDigests(md5, sha512, signature);
    }

    private Optional<byte[]> bytesIfPresent(ImageSource source, String name) throws IOException {
        return source.isLocal()
                ? SmallFiles.readBytesIfPresent(source.siblingFile(name))
                : files.getBytesIfPresent(source.siblingUrls(name));
    }

    private static String parse(DigestAlgorithm a, String content, ImageSource source) throws IOException {
        try {
            return ChecksumFile.parse(a, content, ImageFiles.IMAGE).hex();
        } catch (IllegalArgumentException e) {
            throw new IOException("reading the checksums of " + source.describe() + ": " + e.getMessage(), e);
        }
    }
}
