package io.osimg.store.publish;

import io.osimg.archive.staging.Staging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The staged image of a remote store (a server, a bucket): a temporary directory on this machine that the image is
 * written into and uploaded from by {@link Upload}; deleted when closed, published or not.
 */
final class LocalStaging implements StagedImage {

    /** Uploads a complete image directory. */
    @FunctionalInterface
    interface Upload {
        PublishedImage from(Path dir) throws IOException;
    }

    private final Path dir;
    private final Upload upload;

    private LocalStaging(Path dir, Upload upload) {
        this.dir = dir;
        this.upload = upload;
    }

    static LocalStaging create(Upload upload) throws IOException {
        return new LocalStaging(Files.createTempDirectory("osimg-build-"), upload);
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public PublishedImage publish() throws IOException {
        return upload.from(dir);
    }

    @Override
    public void close() {
        try {
            Staging.deleteTree(dir);
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }
}
