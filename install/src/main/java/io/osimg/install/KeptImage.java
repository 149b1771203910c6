package io.osimg.install;

import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.store.ImageFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code --keep-image DIR}: a copy of the compressed bytes as they stream past, written to
 * {@code DIR/img.tar.lz4.part} and renamed to {@code img.tar.lz4} (with its checksum files) only once the image
 * verified; removed otherwise.
 */
final class KeptImage implements AutoCloseable {

    private final Path dir;
    private final Path part;
    private final OutputStream out;

    private KeptImage(Path dir, Path part, OutputStream out) {
        this.dir = dir;
        this.part = part;
        this.out = out;
    }

    static KeptImage create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path part = dir.resolve(ImageFiles.IMAGE + ".part");
        return new KeptImage(dir, part, new BufferedOutputStream(Files.newOutputStream(part), 1 << 20));
    }

    OutputStream out() {
        return out;
    }

    /** Makes the copy visible with the checksum files of the verified image. */
    void publish(VerifiedImage image) throws IOException {
        out.close();
        for (var d : image.digests().entrySet()) {
            if (d.getKey() == DigestAlgorithm.MD5 || d.getKey() == DigestAlgorithm.SHA512) {
                Files.writeString(dir.resolve(ImageFiles.IMAGE + d.getKey().fileSuffix()),
                        ChecksumFile.format(d.getKey(), d.getValue(), ImageFiles.IMAGE));
            }
        }
        Files.move(part, dir.resolve(ImageFiles.IMAGE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the partial copy. */
    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
