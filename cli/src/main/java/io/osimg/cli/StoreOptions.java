package io.osimg.cli;

import io.osimg.store.BlobStore;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.s3.S3BlobStore;
import io.osimg.store.s3.S3Location;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --s3-endpoint} for commands whose store may be {@code s3://bucket/prefix}, and opening such a store:
 * credentials from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} ({@code AWS_SESSION_TOKEN}), region from
 * {@code AWS_REGION} (default us-east-1), endpoint from the option or {@code OSIMG_S3_ENDPOINT}.
 */
final class StoreOptions {

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "the S3-compatible service of an s3:// store, e.g. http://127.0.0.1:9000 (default: $OSIMG_S3_ENDPOINT); "
                    + "credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, region from AWS_REGION")
    URI s3Endpoint;

    static boolean isS3(String store) {
        return S3Location.isS3(store);
    }

    /** Opens {@code s3://...} as an S3 store; refuses --s3-endpoint with any other store. */
    S3BlobStore openS3(String store) {
        return S3BlobStore.fromEnvironment(S3Location.parse(store), s3Endpoint, System.getenv());
    }

    /** A directory as a filesystem store (recovers its staging area) or {@code s3://...} as an S3 store. */
    BlobStore open(String store) throws IOException {
        if (isS3(store)) {
            return openS3(store);
        }
        requireNoEndpoint(store);
        Path dir = Path.of(store);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new FileSystemException(store, null, "not a directory, so not a store");
        }
        return new FsBlobStore(dir);
    }

    /** Like {@link #open}, for readers of a store: a directory that does not exist is a mistake, not a new store. */
    BlobStore openExisting(String store) throws IOException {
        if (!isS3(store) && !Files.exists(Path.of(store))) {
            throw new NoSuchFileException(store, null, "no such store directory");
        }
        return open(store);
    }

    void requireNoEndpoint(String store) {
        if (s3Endpoint != null) {
            throw new IllegalArgumentException("--s3-endpoint only goes with an s3:// store, not " + store);
        }
    }
}
