package io.osimg.store.s3;

import io.osimg.catalog.S3ListingPage;
import io.osimg.core.store.ImageFiles;
import io.osimg.store.BlobContent;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobKey;
import io.osimg.store.BlobNotFoundException;
import io.osimg.store.BlobStore;
import io.osimg.store.BlobTransaction;
import io.osimg.store.InvalidKeyException;
import io.osimg.store.StagedBlob;
import io.osimg.store.StoreException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} in a bucket of S3 or an S3-compatible object store ({@code s3://bucket/prefix}): the key
 * {@code a/b} is the object {@code prefix/a/b}. Requests go through the AWS SDK's {@link S3Client} (over the JDK's
 * URLConnection): its default credential chain (environment, profiles, web identity, container and instance roles)
 * unless credentials are given, AWS's own endpoint of the region unless an endpoint is given, path-style addressing
 * by default with an endpoint and virtual-hosted without. The SDK signs and retries; this class keeps osimg's rules:
 *
 * <ul>
 *   <li>{@link #stat} is a {@code HEAD}, {@link #list} a paginated {@code ListObjectsV2}.</li>
 *   <li>{@link #read} sends a {@code GET}: the info comes from its answer and the channel reads its body; reading
 *       at another position sends a ranged {@code GET} with {@code If-Match} (see {@link S3ObjectChannel}).</li>
 *   <li>{@link #stage}: up to one part ({@link #DEFAULT_PART_SIZE}) one {@code PUT}, larger a multipart upload,
 *       aborted when it fails or is discarded. A single object is atomic in S3: readers see the old or the new.</li>
 *   <li>{@link #begin}: see {@link S3Transaction}; {@code img.tar.lz4.md5} is uploaded last.</li>
 * </ul>
 * ETags are S3's (an MD5 for single PUTs, {@code <md5>-<parts>} for multipart uploads): strong, they change with the
 * bytes. Checksums beyond the signed payload are sent only where S3 requires them: S3-compatible services (S3Proxy
 * among them) refuse the SDK's newer flexible checksums.
 */
public final class S3BlobStore implements BlobStore {

    /** Part size of multipart uploads, and the largest object sent with one PUT. */
    public static final int DEFAULT_PART_SIZE = 16 << 20;
    /** S3's smallest part (all but the last). */
    public static final int MIN_PART_SIZE = 5 << 20;
    /** Keys asked for per listing page. */
    public static final int DEFAULT_PAGE_SIZE = 1000;
    /** The region of a store on an S3-compatible endpoint when none is given or configured. */
    public static final String DEFAULT_REGION = "us-east-1";

    private final S3Location location;
    private final URI endpoint;
    private final Region region;
    private final S3Client client;
    private final AwsCredentialsProvider ownedCredentials;
    private final int partSize;
    private final int pageSize;

    private S3BlobStore(Builder b, Region region) {
        this.location = b.location;
        this.endpoint = b.endpoint;
        this.region = region;
        this.partSize = b.partSize;
        this.pageSize = b.pageSize;
        AwsCredentialsProvider credentials = b.credentials;
        if (credentials == null) {
            credentials = DefaultCredentialsProvider.builder().build();
            this.ownedCredentials = credentials;
        } else {
            this.ownedCredentials = null;
        }
        var sdk = S3Client.builder().region(region).credentialsProvider(credentials)
                .forcePathStyle(b.pathStyle != null ? b.pathStyle : endpoint != null)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(b.connectTimeout)
                        .socketTimeout(b.requestTimeout));
        if (endpoint != null) {
            sdk.endpointOverride(endpoint);
        }
        this.client = sdk.build();
    }

    public static Builder builder(S3Location location) {
        return new Builder(location);
    }

    public S3Location location() {
        return location;
    }

    /** The region requests are signed for. */
    public String region() {
        return region.id();
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        BlobKey.validate(key);
        String what = "reading metadata of " + key + " in " + this;
        HeadObjectResponse r;
        try {
            r = client.headObject(b -> b.bucket(location.bucket()).key(location.objectName(key)));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Exception.of(what, e);
        } catch (SdkException e) {
            throw failure(what, e);
        }
        return Optional.of(info(key, r.contentLength(), r.eTag(), r.lastModified(), what));
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        String p = BlobKey.validatePrefix(prefix);
        String objectPrefix = location.prefix().isEmpty() ? p : location.prefix() + "/" + p;
        List<BlobInfo> result = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String what = "listing prefix '" + p + "' in " + this + " (page " + (++pages) + ")";
            String continuation = token;
            ListObjectsV2Response page = call(what, () -> client.listObjectsV2(b -> b.bucket(location.bucket())
                    .prefix(objectPrefix).maxKeys(pageSize).continuationToken(continuation)));
            for (S3Object o : page.contents()) {
                if (o.key() != null && o.key().endsWith("/")) {
                    continue; // a "folder" (console markers; S3Proxy's filesystem backend lists its directories so)
                }
                if (o.key() == null || o.size() == null || o.lastModified() == null || o.eTag() == null) {
                    throw new StoreException(what + ": an entry lacks Key, Size, LastModified or ETag");
                }
                String key = location.keyOf(o.key());
                if (key == null || !key.startsWith(p) || !validKey(key)) {
                    continue; // not an object of this store (odd names)
                }
                result.add(new BlobInfo(key, o.size(), o.lastModified(), quoted(o.eTag())));
            }
            String next = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            if (Boolean.TRUE.equals(page.isTruncated()) && (next == null || next.isEmpty())) {
                throw new StoreException(what + ": IsTruncated is true but there is no NextContinuationToken");
            }
            if (next != null && next.equals(token)) {
                throw new StoreException(what + ": the server returned the same continuation token twice");
            }
            token = next;
        } while (token != null);
        result.sort(Comparator.comparing(BlobInfo::key));
        return result;
    }

    private static boolean validKey(String key) {
        try {
            BlobKey.validate(key);
            return true;
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    @Override
    public BlobContent read(String key) throws IOException {
        BlobKey.validate(key);
        String what = "reading " + key + " from " + this;
        ResponseInputStream<GetObjectResponse> body;
        try {
            body = client.getObject(b -> b.bucket(location.bucket()).key(location.objectName(key)));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                throw new BlobNotFoundException(key);
            }
            throw S3Exception.of(what, e);
        } catch (SdkException e) {
            throw failure(what, e);
        }
        BlobInfo info;
        try {
            GetObjectResponse r = body.response();
            info = info(key, r.contentLength(), r.eTag(), r.lastModified(), what);
        } catch (IOException | RuntimeException e) {
            body.abort();
            throw e;
        }
        return new BlobContent(info, new S3ObjectChannel(this, location.objectName(key), info, body));
    }

    /**
     * A ranged GET of one object version: {@code bytes=position-} with {@code If-Match: etag}. S3's errors come as
     * {@link S3Exception} (412 when the object no longer has that ETag).
     */
    ResponseInputStream<GetObjectResponse> readRange(String object, long position, String etag, String what)
            throws IOException {
        GetObjectRequest request = GetObjectRequest.builder().bucket(location.bucket()).key(object)
                .range("bytes=" + position + "-").ifMatch(etag).build();
        return call(what, () -> client.getObject(request));
    }

    @Override
    public StagedBlob stage(String key) {
        return newStaged(BlobKey.validate(key));
    }

    S3StagedBlob newStaged(String key) {
        return new S3StagedBlob(this, key, location.objectName(key), partSize);
    }

    @Override
    public BlobTransaction begin(String directory) {
        return new S3Transaction(this, directory);
    }

    @Override
    public boolean delete(String key) throws IOException {
        if (stat(key).isEmpty()) {
            return false;
        }
        String what = "deleting " + key + " in " + this;
        try {
            client.deleteObject(b -> b.bucket(location.bucket()).key(location.objectName(key)));
        } catch (AwsServiceException e) {
            if (e.statusCode() != 404) {
                throw S3Exception.of(what, e);
            }
        } catch (SdkException e) {
            throw failure(what, e);
        }
        return true;
    }

    /**
     * Deletes {@code directory/img.tar.lz4.md5} first, so that the catalog and the installers stop taking the
     * directory for an image, then every other object under {@code directory/} in key order. S3 cannot delete
     * several keys atomically: when a deletion fails, the objects after it stay (without their {@code .md5}) and a
     * later call removes them.
     */
    @Override
    public boolean deleteDirectory(String directory) throws IOException {
        BlobKey.validate(directory);
        List<BlobInfo> objects = list(directory + "/");
        if (objects.isEmpty()) {
            return false;
        }
        String md5 = directory + "/" + ImageFiles.MD5;
        List<String> order = new ArrayList<>();
        for (BlobInfo o : objects) {
            if (o.key().equals(md5)) {
                order.addFirst(o.key());
            } else {
                order.add(o.key());
            }
        }
        for (String key : order) {
            delete(key);
        }
        return true;
    }

    void putObject(String object, byte[] data, int length, String what) throws IOException {
        call(what + " to " + this, () -> client.putObject(b -> b.bucket(location.bucket()).key(object).contentLength((long) length),
                body(data, length)));
    }

    String createMultipart(String object, String what) throws IOException {
        String id = call(what + " in " + this,
                () -> client.createMultipartUpload(b -> b.bucket(location.bucket()).key(object)).uploadId());
        if (id == null || id.isEmpty()) {
            throw new StoreException(what + " in " + this + ": no UploadId in the answer");
        }
        return id;
    }

    String uploadPart(String object, String uploadId, int number, byte[] data, int length, String what) throws IOException {
        String etag = call(what + " to " + this, () -> client.uploadPart(b -> b.bucket(location.bucket()).key(object)
                .uploadId(uploadId).partNumber(number).contentLength((long) length), body(data, length)).eTag());
        if (etag == null || etag.isBlank()) {
            throw new StoreException(what + " to " + this + ": the answer has no ETag");
        }
        return quoted(etag);
    }

    void completeMultipart(String object, String uploadId, List<String> partEtags, String what) throws IOException {
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < partEtags.size(); i++) {
            parts.add(CompletedPart.builder().partNumber(i + 1).eTag(partEtags.get(i)).build());
        }
        call(what + " in " + this, () -> client.completeMultipartUpload(b -> b.bucket(location.bucket()).key(object)
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
    }

    void abortMultipart(String object, String uploadId, String what) throws IOException {
        try {
            client.abortMultipartUpload(b -> b.bucket(location.bucket()).key(object).uploadId(uploadId));
        } catch (AwsServiceException e) {
            if (e.statusCode() != 404) {
                throw S3Exception.of(what + " in " + this, e);
            }
        } catch (SdkException e) {
            throw failure(what + " in " + this, e);
        }
    }

    /** The first {@code length} bytes of {@code data}, sent without a copy (and again when the SDK retries). */
    private static RequestBody body(byte[] data, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length,
                "application/octet-stream");
    }

    /** A request through the SDK; its failures as {@link S3Exception} (S3's answers) or {@link StoreException}. */
    private <T> T call(String what, SdkCall<T> request) throws IOException {
        try {
            return request.run();
        } catch (AwsServiceException e) {
            throw S3Exception.of(what, e);
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run();
    }

    /**
     * A failure without an answer of S3 (connection, credentials, interruption), as the SDK describes it; no
     * credentials in the whole chain in a line (the SDK's account of each provider stays in the cause).
     */
    static StoreException failure(String what, SdkException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith("Unable to load credentials from any of the providers")) {
            message = "no AWS credentials found (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, web identity, "
                    + "a container or instance role; --debug shows what each said)";
        }
        return new StoreException(what + ": " + message, e);
    }

    /** The info of an object from a HEAD or GET answer. */
    private static BlobInfo info(String key, Long length, String etag, Instant lastModified, String what)
            throws StoreException {
        if (length == null || etag == null || etag.isBlank() || lastModified == null) {
            throw new StoreException(what + ": the answer lacks Content-Length, ETag or Last-Modified");
        }
        return new BlobInfo(key, length, lastModified, quoted(etag));
    }

    private static String quoted(String etag) {
        return S3ListingPage.quoted(etag);
    }

    /** Closes the SDK's client (and the credential chain it made); channels of objects still being read fail afterwards. */
    @Override
    public void close() {
        client.close();
        if (ownedCredentials instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing left to release that matters
            }
        }
    }

    @Override
    public String toString() {
        if (endpoint == null) {
            return location + " in AWS region " + region.id();
        }
        String e = endpoint.toString();
        return location + " at " + (e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
    }

    /** Configures an {@link S3BlobStore}. */
    public static final class Builder {

        private final S3Location location;
        private URI endpoint;
        private String region;
        private Boolean pathStyle;
        private AwsCredentialsProvider credentials;
        private int partSize = DEFAULT_PART_SIZE;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(120);

        private Builder(S3Location location) {
            this.location = Objects.requireNonNull(location, "location");
        }

        /**
         * An S3-compatible service's base URL, {@code http(s)://host[:port]}; null (the default) for AWS's own
         * endpoint of the region.
         */
        public Builder endpoint(URI endpoint) {
            if (endpoint != null && (endpoint.getScheme() == null || !endpoint.getScheme().matches("https?")
                    || endpoint.getHost() == null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null)) {
                throw new IllegalArgumentException("S3 endpoint must be an http(s) URL without query: " + endpoint);
            }
            this.endpoint = endpoint;
            return this;
        }

        /**
         * The region; null (the default) for the SDK's: {@code aws.region}, {@code AWS_REGION}, the profile and,
         * without an endpoint, the instance's. With an endpoint and none of these, {@value #DEFAULT_REGION}.
         */
        public Builder region(String region) {
            if (region != null && !region.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("invalid S3 region '" + region + "'");
            }
            this.region = region;
            return this;
        }

        /**
         * Path-style ({@code <endpoint>/<bucket>/<object>}) or virtual-hosted ({@code <bucket>.<endpoint>/<object>})
         * requests; null (the default): path-style with an endpoint, virtual-hosted on AWS.
         */
        public Builder pathStyle(Boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /** Fixed credentials instead of the SDK's default chain. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            return credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
        }

        /** Where credentials come from; null (the default) for the SDK's default chain. */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Size of multipart upload parts, at least {@link #MIN_PART_SIZE}. */
        public Builder partSize(int partSize) {
            if (partSize < MIN_PART_SIZE) {
                throw new IllegalArgumentException("S3 part size must be at least " + MIN_PART_SIZE + " bytes: " + partSize);
            }
            this.partSize = partSize;
            return this;
        }

        /** Keys per listing page ({@code max-keys}), 1 to 1000. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 1000) {
                throw new IllegalArgumentException("S3 listing page size must be 1 to 1000: " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** Connecting, and waiting for data on a connection. */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.requestTimeout = Objects.requireNonNull(read, "read");
            return this;
        }

        /**
         * @throws IllegalArgumentException when no region is given or configured and there is no endpoint
         */
        public S3BlobStore build() {
            return new S3BlobStore(this, resolveRegion());
        }

        private Region resolveRegion() {
            if (region != null) {
                return Region.of(region);
            }
            // with an endpoint the instance's region (a request to the metadata service) means nothing
            AwsRegionProvider chain = endpoint != null
                    ? new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                    : DefaultAwsRegionProviderChain.builder().build();
            try {
                return chain.getRegion();
            } catch (SdkException e) {
                if (endpoint != null) {
                    return Region.of(DEFAULT_REGION);
                }
                throw new IllegalArgumentException("no AWS region for " + location + ": pass --s3-region or set "
                        + "AWS_REGION (or --s3-endpoint for an S3-compatible service)", e);
            }
        }
    }
}
