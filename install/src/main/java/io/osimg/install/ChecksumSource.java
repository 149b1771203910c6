package io.osimg.install;

import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.store.ImageFiles;
import java.io.IOException;
import java.util.Optional;

/**
 * Gets an image's expected digests before the image itself: {@code img.tar.lz4.md5} must exist (the contract),
 * {@code img.tar.lz4.sha512} is used when present (a 404 on it is fine).
 */
final class ChecksumSource {

    private final SmallFiles files;

    ChecksumSource(SmallFiles files) {
        this.files = files;
    }

    ExpectedDigests expected(ImageSource source) throws IOException {
        String md5Text = source.isLocal()
                ? SmallFiles.read(source.siblingFile(ImageFiles.MD5))
                : files.get(source.siblingUrls(ImageFiles.MD5));
        Optional<String> sha512Text = source.isLocal()
                ? SmallFiles.readIfPresent(source.siblingFile(ImageFiles.SHA512))
                : files.getIfPresent(source.siblingUrls(ImageFiles.SHA512));
        String md5 = parse(DigestAlgorithm.MD5, md5Text, source);
        String sha512 = sha512Text.isEmpty() ? null : parse(DigestAlgorithm.SHA512, sha512Text.get(), source);
        return new ExpectedDigests(md5, sha512);
    }

    private static String parse(DigestAlgorithm a, String content, ImageSource source) throws IOException {
        try {
            return ChecksumFile.parse(a, content, ImageFiles.IMAGE).hex();
        } catch (IllegalArgumentException e) {
            throw new IOException("reading the checksums of " + source.describe() + ": " + e.getMessage(), e);
        }
    }
}
