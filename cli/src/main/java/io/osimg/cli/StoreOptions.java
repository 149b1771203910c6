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
 * The S3 options of commands whose store may be {@code s3://bucket/prefix} ({@code --s3-endpoint},
 * {@code --s3-region}, {@code --[no-]s3-path-style}), and opening such a store. Credentials come from the AWS SDK's
 * default chain (environment, profiles, web identity, container and instance roles); the endpoint from the option or
 * {@code OSIMG_S3_ENDPOINT}, else AWS's own endpoint of the region.
 */
final class StoreOptions {

    /** Environment variable naming the endpoint when no option does. */
    static final String ENDPOINT_ENV = "OSIMG_S3_ENDPOINT";

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "an S3-compatible service for an s3:// store instead of AWS, e.g. http://127.0.0.1:9000 "
                    + "(default: $OSIMG_S3_ENDPOINT). Credentials come from the AWS SDK's default chain: "
                    + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, profiles (AWS_PROFILE), web identity "
                    + "(AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE), container and instance roles")
    URI s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "the region of an s3:// store (default: AWS_REGION or the profile's; us-east-1 with an endpoint)")
    String s3Region;

    @Option(names = "--s3-path-style", negatable = true,
            description = "address buckets path-style (ENDPOINT/BUCKET/KEY) rather than virtual-hosted "
                    + "(BUCKET.ENDPOINT/KEY); default: path-style with --s3-endpoint, virtual-hosted on AWS")
    Boolean s3PathStyle;

    static boolean isS3(String store) {
        return S3Location.isS3(store);
    }

    /** Opens {@code s3://...} as an S3 store. */
    S3BlobStore openS3(String store) {
        URI endpoint = s3Endpoint;
        if (endpoint == null) {
            String fromEnv = System.getenv(ENDPOINT_ENV);
            if (fromEnv != null && !fromEnv.isBlank()) {
                endpoint = URI.create(fromEnv.strip());
            }
        }
        return S3BlobStore.builder(S3Location.parse(store)).endpoint(endpoint).region(s3Region).pathStyle(s3PathStyle)
                .build();
    }

    /** A directory as a filesystem store (recovers its staging area) or {@code s3://...} as an S3 store. */
    BlobStore open(String store) throws IOException {
        if (isS3(store)) {
            return openS3(store);
        }
        requireNoS3Options(store);
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

    /** Refuses the S3 options for a store that is not {@code s3://...}. */
    void requireNoS3Options(String store) {
        String given = s3Endpoint != null ? "--s3-endpoint" : s3Region != null ? "--s3-region"
                : s3PathStyle == null ? null : s3PathStyle ? "--s3-path-style" : "--no-s3-path-style";
        if (given != null) {
            throw new IllegalArgumentException(given + " only goes with an s3:// store, not " + store);
        }
    }
}
