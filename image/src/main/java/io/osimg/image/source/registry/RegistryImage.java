package io.osimg.image.source.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.core.json.Mappers;
import io.osimg.image.source.layer.Layer;
import io.osimg.image.source.layer.LayerSink;
import io.osimg.image.source.oci.Blobs;
import io.osimg.image.source.oci.ContainerImage;
import io.osimg.image.source.oci.Descriptor;
import io.osimg.image.source.oci.ImageResolver;
import io.osimg.image.source.oci.LayeredImage;
import io.osimg.image.source.oci.MediaTypes;
import io.osimg.image.source.oci.OciFormatException;
import io.osimg.transfer.CaCertificates;
import io.osimg.transfer.FetchStream;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.ProgressListener;
import io.osimg.transfer.TransferException;
import io.osimg.transfer.TransferOptions;
import io.osimg.transfer.UntrustedCertificateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * {@code docker://REGISTRY/REPOSITORY[:TAG|@DIGEST]}: an image pulled over the registry HTTP API v2 (https; plain
 * http only when {@link Options#plainHttp()} says so).
 *
 * <p>Manifests, the configuration and tokens are small documents read with one HTTP client (deadlines of the
 * transfer options, the same trusted CAs); layers are downloaded by the transfer's {@link Fetcher} (deadlines,
 * retries, resumption by {@code Range}), their sha256 computed as they stream and compared with the descriptor
 * before they are used. Authentication follows the registry's {@code WWW-Authenticate} challenge: anonymous first;
 * {@code Bearer}: a token from the realm (with the login of {@link RegistryCredentials} when there is one);
 * {@code Basic}: the login. A Bearer token the registry refuses later in the pull (it expired: a large layer after a
 * slow one) is replaced by a new one from the realm, once per refusal, and the refused request is made again.
 */
public final class RegistryImage implements ContainerImage {

    /**
     * How a pull talks to registries.
     *
     * @param plainHttp whether the registry speaks plain HTTP ({@code --plain-http}); otherwise https
     * @param layers    the progress of each layer's download
     */
    public record Options(TransferOptions transfer, RegistryCredentials credentials, boolean plainHttp,
                          LayerProgress layers) {
        /** Over https, without progress. */
        public Options(TransferOptions transfer, RegistryCredentials credentials) {
            this(transfer, credentials, false, LayerProgress.NONE);
        }
    }

    /** Where the progress of a layer's download goes (the command line's progress lines). */
    @FunctionalInterface
    public interface LayerProgress {
        LayerProgress NONE = (d, what) -> ProgressListener.NONE;

        /**
         * The listener of one layer's download, asked once per downloaded blob.
         *
         * @param layer the layer's descriptor (digest, size)
         * @param what  e.g. {@code layer 2 of 3 (sha256:0123456789ab) of docker://...}
         */
        ProgressListener layer(Descriptor layer, String what);
    }

    private final ImageReference ref;
    private final String given;
    private final Options options;

    public RegistryImage(ImageReference ref, String given, Options options) {
        this.ref = ref;
        this.given = given;
        this.options = options;
    }

    @Override
    public String reference() {
        return given;
    }

    @Override
    public LayeredImage open(Path work, String arch, Consumer<String> log) throws IOException {
        return open(work, arch, log, LayerSink.NONE);
    }

    @Override
    public LayeredImage open(Path work, String arch, Consumer<String> log, LayerSink arrived)
            throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.transfer().deadlines().connect())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (!options.transfer().caCertificates().isEmpty()) {
            builder.sslContext(CaCertificates.sslContext(options.transfer().caCertificates()));
        }
        try (HttpClient http = builder.build(); Fetcher fetcher = new Fetcher(options.transfer())) {
            Session session = new Session(http, fetcher, work, arrived);
            URI manifestUri = ref.uri("manifests", ref.reference(), options.plainHttp());
            byte[] top = session.document(manifestUri, MediaTypes.ACCEPT, "manifest " + ref.reference());
            String digest = "sha256:" + ImageResolver.sha256(top);
            if (ref.digest() != null && !ref.digest().equals(digest)) {
                throw new DigestMismatchException(DigestAlgorithm.SHA256, given + ": manifest",
                        ref.digest().substring(7), digest.substring(7));
            }
            return ImageResolver.resolve(given, top, digest, arch, session, arrived);
        }
    }

    /** One pull: the authorization learnt from the first challenge is reused for every later request. */
    private final class Session implements Blobs {
        private final HttpClient http;
        private final Fetcher fetcher;
        private final Path work;
        private final LayerSink sink;
        private final Set<String> downloaded = new HashSet<>();
        private String authorization;
        private boolean challenged;

        Session(HttpClient http, Fetcher fetcher, Path work, LayerSink sink) {
            this.http = http;
            this.fetcher = fetcher;
            this.work = work;
            this.sink = sink;
        }

        @Override
        public byte[] read(Descriptor d, String what) throws IOException {
            if (d.size() > ImageResolver.MAX_DOCUMENT) {
                throw new OciFormatException(what + " (" + d.digest() + "): " + d.size() + " bytes is too large");
            }
            String type = d.mediaType();
            boolean manifest = MediaTypes.isIndex(type) || MediaTypes.OCI_MANIFEST.equals(type)
                    || MediaTypes.DOCKER_MANIFEST.equals(type);
            URI uri = ref.uri(manifest ? "manifests" : "blobs", d.digest(), options.plainHttp());
            return ImageResolver.check(d, document(uri, MediaTypes.ACCEPT + ", */*", what), what);
        }

        /**
         * Downloads a layer into the work directory, its bytes teed to the sink's reading as they come (resumed
         * behind the scenes when a connection drops), its sha256 and size checked at the end.
         */
        @Override
        public Path layer(Descriptor d, String what) throws IOException {
            URI uri = ref.uri("blobs", d.digest(), options.plainHttp());
            Path target = work.resolve("blobs").resolve(d.hex());
            if (downloaded.contains(d.hex())) {
                return target; // the same blob again (e.g. an empty layer repeated), checked already
            }
            Files.createDirectories(target.getParent());
            String actual;
            long size;
            try (FetchStream in = openBlob(uri, options.layers().layer(d, what));
                 OutputStream file = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream tee = sink.streaming(new Layer(target, d.digest(), what))) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    file.write(buffer, 0, n);
                    if (tee != null) {
                        tee.write(buffer, 0, n);
                        tee.flush(); // wakes the reading at once rather than when the pipe is full
                    }
                }
                actual = in.digests().get(DigestAlgorithm.SHA256);
                size = in.offset();
            } catch (UntrustedCertificateException e) {
                throw new IOException(what + ": " + e.getMessage() + "; trust its CA with --ca-cert", e);
            } catch (TransferException e) {
                throw new IOException(what + ": " + e.getMessage(), e);
            }
            if (!d.hex().equals(actual)) {
                Files.deleteIfExists(target);
                throw new DigestMismatchException(DigestAlgorithm.SHA256, what, d.hex(), actual);
            }
            if (size != d.size()) {
                Files.deleteIfExists(target);
                throw new OciFormatException(what + ": " + size + " bytes, the manifest says " + d.size());
            }
            downloaded.add(d.hex());
            return target;
        }

        /**
         * Opens a blob's download with the authorization of the pull. When the registry refuses a Bearer token that
         * it accepted before (401: it expired), asks the realm for a new one and opens it again, once.
         */
        private FetchStream openBlob(URI uri, ProgressListener progress) throws IOException {
            String used = authorization;
            try {
                return fetcher(used).open(List.of(uri), Set.of(DigestAlgorithm.SHA256), progress);
            } catch (TransferException e) {
                if (e.status() != 401 || !isBearer(used)) {
                    throw e;
                }
                HttpResponse<InputStream> response = send(uri, "*/*", used);
                response.body().close();
                if (response.statusCode() != 401) {
                    throw e;
                }
                authorization = authorize(uri, response.headers().firstValue("WWW-Authenticate").orElse(""));
                return fetcher(authorization).open(List.of(uri), Set.of(DigestAlgorithm.SHA256), progress);
            }
        }

        private Fetcher fetcher(String auth) {
            return auth == null ? fetcher : fetcher.withHeaders(Map.of("Authorization", auth));
        }

        private static boolean isBearer(String auth) {
            return auth != null && auth.startsWith("Bearer ");
        }

        /**
         * A small document (manifest, configuration), answering the registry's challenge once, and once more when it
         * refuses a Bearer token it accepted before.
         */
        byte[] document(URI uri, String accept, String what) throws IOException {
            boolean renewed = false;
            while (true) {
                String used = authorization;
                HttpResponse<InputStream> response = send(uri, accept, used);
                int status = response.statusCode();
                if (status == 401 && (!challenged || (!renewed && isBearer(used)))) {
                    renewed = challenged;
                    challenged = true;
                    response.body().close();
                    authorization = authorize(uri, response.headers().firstValue("WWW-Authenticate").orElse(""));
                    continue;
                }
                try (InputStream body = response.body()) {
                    byte[] bytes = body.readNBytes(ImageResolver.MAX_DOCUMENT + 1);
                    if (status == 200) {
                        if (bytes.length > ImageResolver.MAX_DOCUMENT) {
                            throw new OciFormatException(given + ": " + what + " is larger than "
                                    + ImageResolver.MAX_DOCUMENT + " bytes");
                        }
                        return bytes;
                    }
                    throw failed(uri, status, bytes, what);
                }
            }
        }

        private IOException failed(URI uri, int status, byte[] body, String what) throws IOException {
            String errors = registryErrors(body);
            String prefix = given + ": GET " + uri + ": " + status;
            return switch (status) {
                case 401 -> {
                    Optional<RegistryCredentials.Login> login = options.credentials().lookup(ref.registry());
                    yield new IOException(prefix + " Unauthorized" + errors + ": "
                            + (login.isPresent() ? "the registry refused the login of " + login.get().user() + " from "
                                    + login.get().file()
                                    : "the registry wants credentials and none were found for " + ref.registry()
                                    + " (searched: " + (options.credentials().files().isEmpty() ? "no files"
                                    : String.join(", ", options.credentials().files().stream().map(Path::toString).toList()))
                                    + "; give one with --authfile)"));
                }
                case 404 -> new IOException(prefix + " Not Found" + errors + ": the registry has no " + what + " in "
                        + ref.repository());
                default -> new IOException(prefix + errors);
            };
        }

        private String authorize(URI uri, String header) throws IOException {
            AuthChallenge challenge = AuthChallenge.parse(header);
            Optional<RegistryCredentials.Login> login = options.credentials().lookup(ref.registry());
            return switch (challenge.scheme()) {
                case "basic" -> login.map(RegistryCredentials.Login::basic).orElse(null);
                case "bearer" -> "Bearer " + token(challenge, login);
                default -> throw new IOException(given + ": GET " + uri + ": 401 with an authentication scheme osimg "
                        + "does not speak: '" + header + "'");
            };
        }

        /** A token from the challenge's realm, for pulling from the repository. */
        private String token(AuthChallenge challenge, Optional<RegistryCredentials.Login> login) throws IOException {
            String realm = challenge.params().get("realm");
            if (realm == null || realm.isBlank()) {
                throw new IOException(given + ": the registry's Bearer challenge names no realm");
            }
            StringBuilder query = new StringBuilder();
            String service = challenge.params().get("service");
            if (service != null) {
                query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
            }
            String scope = challenge.params().getOrDefault("scope", "repository:" + ref.repository() + ":pull");
            query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
            URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
            HttpResponse<InputStream> response = send(tokenUri, "application/json",
                    login.map(RegistryCredentials.Login::basic).orElse(null));
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(1 << 20);
                if (response.statusCode() != 200) {
                    throw new IOException(given + ": GET " + tokenUri + " (token): " + response.statusCode()
                            + registryErrors(bytes) + (login.isEmpty() ? " (no credentials for " + ref.registry() + ")"
                                    : " (login of " + login.get().user() + " from " + login.get().file() + ")"));
                }
                JsonNode json = Mappers.json().readTree(bytes);
                String token = json.path("token").asText(json.path("access_token").asText(""));
                if (token.isEmpty()) {
                    throw new IOException(given + ": GET " + tokenUri + ": the answer holds no token");
                }
                return token;
            }
        }

        private HttpResponse<InputStream> send(URI uri, String accept, String auth) throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                    .timeout(options.transfer().deadlines().firstByte())
                    .header("User-Agent", options.transfer().userAgent())
                    .header("Accept", accept);
            if (auth != null) {
                request.header("Authorization", auth);
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("GET " + uri + ": interrupted");
            } catch (IOException e) {
                for (Throwable c = e; c != null; c = c.getCause()) {
                    if (c instanceof CertificateException) {
                        throw new IOException(given + ": GET " + uri + ": the registry's TLS certificate is not trusted; "
                                + "trust its CA with --ca-cert", e);
                    }
                }
                if (e instanceof SSLException && !options.plainHttp()) {
                    throw new IOException(given + ": GET " + uri + ": " + e.getMessage()
                            + " (a registry without TLS? --plain-http)", e);
                }
                throw new IOException(given + ": GET " + uri + ": " + (e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
        }
    }

    /** The registry's error codes and messages ({@code {"errors": [{"code", "message"}]}}), or "". */
    static String registryErrors(byte[] body) {
        try {
            JsonNode errors = Mappers.json().readTree(body).path("errors");
            List<String> out = new ArrayList<>();
            errors.forEach(e -> out.add(e.path("code").asText("") + ": " + e.path("message").asText("")));
            return out.isEmpty() ? "" : " (" + String.join("; ", out) + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
