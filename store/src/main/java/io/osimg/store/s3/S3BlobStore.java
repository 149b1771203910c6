package io.osimg.store.s3;

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

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link BlobStore} in a bucket of an S3-compatible object store ({@code s3://bucket/prefix}): the key {@code a/b}
 * is the object {@code prefix/a/b}. Requests are path-style ({@code <endpoint>/<bucket>/<object>}) and signed with
 * AWS Signature V4 ({@link SigV4}); no SDK.
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
 * bytes.
 */
public final class S3BlobStore implements BlobStore {

    /** Part size of multipart uploads, and the largest object sent with one PUT. */
    public static final int DEFAULT_PART_SIZE = 16 << 20;
    /** S3's smallest part (all but the last). */
    public static final int MIN_PART_SIZE = 5 << 20;
    /** Keys asked for per listing page. */
    public static final int DEFAULT_PAGE_SIZE = 1000;
    /** Environment variable naming the endpoint when no option does. */
    public static final String ENDPOINT_ENV = "OSIMG_S3_ENDPOINT";
    public static final String DEFAULT_REGION = "us-east-1";

    private final S3Location location;
    private final S3Client client;
    private final int partSize;
    private final int pageSize;

    private S3BlobStore(Builder b) {
        this.location = b.location;
        this.partSize = b.partSize;
        this.pageSize = b.pageSize;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.client = new S3Client(b.endpoint, location.bucket(), new SigV4(b.credentials, b.region, "s3"), b.clock,
                b.requestTimeout, http);
    }

    public static Builder builder(S3Location location) {
        return new Builder(location);
    }

    /**
     * A store configured from the environment: credentials from {@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}), region from {@code AWS_REGION} (default
     * {@value #DEFAULT_REGION}), endpoint from {@code endpoint} or else {@code OSIMG_S3_ENDPOINT}.
     *
     * @throws IllegalArgumentException when credentials or the endpoint are missing
     */
    public static S3BlobStore fromEnvironment(S3Location location, URI endpoint, Map<String, String> env) {
        URI e = endpoint;
        if (e == null) {
            String fromEnv = env.get(ENDPOINT_ENV);
            if (fromEnv == null || fromEnv.isBlank()) {
                throw new IllegalArgumentException("no S3 endpoint for " + location + ": pass --s3-endpoint URL or set "
                        + ENDPOINT_ENV);
            }
            e = URI.create(fromEnv.strip());
        }
        String region = env.getOrDefault("AWS_REGION", "");
        return builder(location).endpoint(e).credentials(S3Credentials.fromEnvironment(env))
                .region(region.isBlank() ? DEFAULT_REGION : region.strip()).build();
    }

    public S3Location location() {
        return location;
    }

    S3Client client() {
        return client;
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        BlobKey.validate(key);
        String what = "reading metadata of " + key + " in " + this;
        S3Client.Answer a = client.send("HEAD", location.objectName(key), Map.of(), Map.of(), null, what);
        if (a.status() == 404) {
            return Optional.empty();
        }
        if (a.status() != 200) {
            throw S3Client.failure(what, a.status(), a.body());
        }
        return Optional.of(info(key, a.headers(), what));
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        String p = BlobKey.validatePrefix(prefix);
        String objectPrefix = location.prefix().isEmpty() ? p : location.prefix() + "/" + p;
        List<BlobInfo> result = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("list-type", "2");
            query.put("prefix", objectPrefix);
            query.put("max-keys", Integer.toString(pageSize));
            if (token != null) {
                query.put("continuation-token", token);
            }
            String what = "listing prefix '" + p + "' in " + this + " (page " + (++pages) + ")";
            S3Client.Answer a = client.send("GET", null, query, Map.of(), null, what);
            if (a.status() != 200) {
                throw S3Client.failure(what, a.status(), a.body());
            }
            S3Xml.Page page = S3Xml.parseListing(a.body(), what);
            for (S3Xml.Entry e : page.entries()) {
                String key = location.keyOf(e.name());
                if (key == null || !key.startsWith(p) || !validKey(key)) {
                    continue; // not an object of this store (e.g. "prefix/" folder markers, odd names)
                }
                result.add(new BlobInfo(key, e.size(), e.lastModified(), e.etag()));
            }
            if (page.nextToken() != null && page.nextToken().equals(token)) {
                throw new StoreException(what + ": the server returned the same continuation token twice");
            }
            token = page.nextToken();
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
        HttpResponse<InputStream> r = client.stream(location.objectName(key), Map.of(), what);
        if (r.statusCode() != 200) {
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(64 * 1024);
            }
            if (r.statusCode() == 404) {
                throw new BlobNotFoundException(key);
            }
            throw S3Client.failure(what, r.statusCode(), body);
        }
        BlobInfo info;
        try {
            info = info(key, r.headers(), what);
        } catch (IOException | RuntimeException e) {
            r.body().close();
            throw e;
        }
        return new BlobContent(info, new S3ObjectChannel(this, location.objectName(key), info, r.body()));
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
        S3Client.Answer a = client.send("DELETE", location.objectName(key), Map.of(), Map.of(), null, what);
        if (a.status() != 204 && a.status() != 200 && a.status() != 404) {
            throw S3Client.failure(what, a.status(), a.body());
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

    void putObject(String object, byte[] data, String what) throws IOException {
        S3Client.Answer a = client.send("PUT", object, Map.of(), Map.of(), data, what + " to " + this);
        if (a.status() != 200) {
            throw S3Client.failure(what + " to " + this, a.status(), a.body());
        }
    }

    String createMultipart(String object, String what) throws IOException {
        S3Client.Answer a = client.send("POST", object, Map.of("uploads", ""), Map.of(), null, what + " in " + this);
        if (a.status() != 200) {
            throw S3Client.failure(what + " in " + this, a.status(), a.body());
        }
        return S3Xml.parseUploadId(a.body(), what + " in " + this);
    }

    String uploadPart(String object, String uploadId, int number, byte[] data, String what) throws IOException {
        S3Client.Answer a = client.send("PUT", object, Map.of("partNumber", Integer.toString(number), "uploadId", uploadId),
                Map.of(), data, what + " to " + this);
        if (a.status() != 200) {
            throw S3Client.failure(what + " to " + this, a.status(), a.body());
        }
        String etag = a.header("ETag");
        if (etag == null || etag.isBlank()) {
            throw new StoreException(what + " to " + this + ": the answer has no ETag");
        }
        return S3Xml.quoted(etag);
    }

    void completeMultipart(String object, String uploadId, List<String> partEtags, String what) throws IOException {
        S3Client.Answer a = client.send("POST", object, Map.of("uploadId", uploadId), Map.of("Content-Type", "application/xml"),
                S3Xml.completeBody(partEtags), what + " in " + this);
        if (a.status() != 200) {
            throw S3Client.failure(what + " in " + this, a.status(), a.body());
        }
        S3Xml.checkCompleted(a.body(), what + " in " + this);
    }

    void abortMultipart(String object, String uploadId, String what) throws IOException {
        S3Client.Answer a = client.send("DELETE", object, Map.of("uploadId", uploadId), Map.of(), null, what + " in " + this);
        if (a.status() != 204 && a.status() != 200 && a.status() != 404) {
            throw S3Client.failure(what + " in " + this, a.status(), a.body());
        }
    }

    /** The info of an object from the headers of a HEAD or GET answer. */
    private static BlobInfo info(String key, HttpHeaders h, String what) throws StoreException {
        OptionalLong length = h.firstValueAsLong("Content-Length");
        Optional<String> etag = h.firstValue("ETag");
        Optional<String> modified = h.firstValue("Last-Modified");
        if (length.isEmpty() || etag.isEmpty() || etag.get().isBlank() || modified.isEmpty()) {
            throw new StoreException(what + ": the answer lacks Content-Length, ETag or Last-Modified");
        }
        Instant lm;
        try {
            lm = ZonedDateTime.parse(modified.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new StoreException(what + ": bad Last-Modified '" + modified.get() + "'", e);
        }
        return new BlobInfo(key, length.getAsLong(), lm, S3Xml.quoted(etag.get()));
    }

    /** Closes the HTTP client; channels of objects still being read fail afterwards. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return location + " at " + client.endpoint();
    }

    /** Configures an {@link S3BlobStore}. */
    public static final class Builder {

        private final S3Location location;
        private URI endpoint;
        private S3Credentials credentials;
        private String region = DEFAULT_REGION;
        private int partSize = DEFAULT_PART_SIZE;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private Clock clock = Clock.systemUTC();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(120);

        private Builder(S3Location location) {
            this.location = Objects.requireNonNull(location, "location");
        }

        /** The service's base URL, {@code http(s)://host[:port]}; buckets are addressed path-style under it. */
        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            if (endpoint.getScheme() == null || !endpoint.getScheme().matches("https?") || endpoint.getHost() == null
                    || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
                throw new IllegalArgumentException("S3 endpoint must be an http(s) URL without query: " + endpoint);
            }
            this.endpoint = endpoint;
            return this;
        }

        public Builder credentials(S3Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        public Builder region(String region) {
            if (region == null || !region.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("invalid S3 region '" + region + "'");
            }
            this.region = region;
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

        /** The clock that dates signatures. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder timeouts(Duration connect, Duration request) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.requestTimeout = Objects.requireNonNull(request, "request");
            return this;
        }

        public S3BlobStore build() {
            if (endpoint == null) {
                throw new IllegalArgumentException("an S3 store needs an endpoint (" + location + ")");
            }
            if (credentials == null) {
                throw new IllegalArgumentException("an S3 store needs credentials (" + location + ")");
            }
            return new S3BlobStore(this);
        }
    }
}
