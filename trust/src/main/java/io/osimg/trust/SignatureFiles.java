package io.osimg.trust;

import io.osimg.core.store.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An image's sha512 file and the signature files beside it, as fetched (exact bytes).
 *
 * @param image  the image, for messages (its URL, file or ID)
 * @param sha512 {@code img.tar.lz4.sha512}; null when the store has none
 * @param asc    {@code img.tar.lz4.sha512.asc}; null when the store has none
 * @param sig    {@code img.tar.lz4.sha512.sig}; null when the store has none
 */
public record SignatureFiles(String image, byte[] sha512, byte[] asc, byte[] sig) {

    public SignatureFiles {
        Objects.requireNonNull(image, "image");
    }

    /** Far beyond a checksum line or a few signatures. */
    private static final long MAX_SIZE = 1 << 20;

    /** The files in an image directory ({@code osimg verify}, {@code osimg lint}); a missing file is null. */
    public static SignatureFiles read(Path dir) throws IOException {
        return new SignatureFiles(dir.resolve(ImageFiles.IMAGE).toString(), readIfPresent(dir.resolve(ImageFiles.SHA512)),
                readIfPresent(dir.resolve(ImageFiles.SHA512_ASC)), readIfPresent(dir.resolve(ImageFiles.SHA512_SIG)));
    }

    private static byte[] readIfPresent(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_SIZE) {
            throw new IOException(file + ": not a regular file of at most " + (MAX_SIZE >> 10) + " KiB");
        }
        return Files.readAllBytes(file);
    }

    public boolean signed() {
        return asc != null || sig != null;
    }
}
