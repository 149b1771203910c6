package io.osimg.store.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.osimg.core.json.Mappers;
import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreKey;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Publishes images to an osimg server ({@code osimg build --store http://<host>:<port>}) through an upload
 * session, so the image becomes visible at once when the session is committed:
 * <ol>
 *   <li>{@code POST /api/v1/uploads?directory=<dir>} opens the session;</li>
 *   <li>{@code PUT /<dir>/img.tar.lz4?upload=<id>} with {@code X-Checksum-Sha512} and {@code X-Checksum-Md5}
 *       taken from the build's checksum files (the server verifies them while receiving), then the
 *       {@code .md5}, {@code .sha512}, {@code packages.txt}, {@code manifest.json} and {@code sbom.cdx.json} that
 *       exist;</li>
 *   <li>{@code POST /api/v1/uploads/<id>/commit} publishes them together.</li>
 * </ol>
 * On any failure the session is discarded ({@code DELETE}); the server also drops it when idle or restarted.
 * Every request has a timeout; the tarball's has none beyond the connect timeout because its size is unbounded.
 * The image is written into a local temporary directory first. The server keeps releases immutable
 * ({@link ReleaseRule}, when the session opens and at its commit) and answers 409 with its
 * {@link ReleaseExistsException}'s message.
 */
public final class ServerPublisher implements ImagePublisher {

    private static final List<String> FILES = List.of(ImageFiles.IMAGE, ImageFiles.MD5, ImageFiles.SHA512,
            ImageFiles.SHA256, ImageFiles.PACKAGES, ImageFiles.MANIFEST, ImageFiles.SBOM);
    private static final Duration SMALL_TIMEOUT = Duration.ofSeconds(60);

    private final URI server;
    private final String token;
    private final HttpClient http;

    /**
     * @param server the server's base URL ({@code http://<host>:port}, optionally with a path prefix)
     * @param token  the upload token (null: none sent, the server will refuse)
     * @param tls    the trust for an https server (with extra CAs: {@code CaCertificates.sslContext} of the
     *               transfer module), null for the JDK's default
     */
    public ServerPublisher(URI server, String token, SSLContext tls) {
        String s = Objects.requireNonNull(server, "server").toString();
        String lower = s.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException("--store " + s + ": not an http(s) URL");
        }
        this.server = URI.create(s.replaceFirst("/+$", ""));
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    @Override
    public StagedImage open(StoreKey image) throws IOException {
        return LocalStaging.create(dir -> upload(dir, image.imageDir()));
    }

    @Override
    public String store() {
        return server.toString();
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * Uploads the files of {@code imageDir} as the store directory {@code directory} ({@code 20261120/debian/12}).
     *
     * @throws UploadException naming the request and the server's answer
     */
    private PublishedImage upload(Path imageDir, String directory) throws IOException {
        if (!Files.isRegularFile(imageDir.resolve(ImageFiles.IMAGE)) || !Files.isRegularFile(imageDir.resolve(ImageFiles.MD5))) {
            throw new IOException("publishing " + imageDir + ": it has no " + ImageFiles.IMAGE + " and " + ImageFiles.MD5);
        }
        URI open = URI.create(server + "/api/v1/uploads?directory=" + URLEncoder.encode(directory, StandardCharsets.UTF_8));
        JsonNode session = json(send(request(open, SMALL_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()), "opening an upload of " + directory + " on " + server, 201));
        String id = session.path("id").asText("");
        if (id.isEmpty()) {
            throw new UploadException("POST " + open + ": the answer has no session id", 0, null);
        }
        boolean committed = false;
        try {
            for (String name : FILES) {
                Path file = imageDir.resolve(name);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                URI target = URI.create(server + "/" + directory + "/" + name);
                HttpRequest.Builder put = request(URI.create(target + "?upload=" + id),
                        name.equals(ImageFiles.IMAGE) ? null : SMALL_TIMEOUT)
                        .PUT(HttpRequest.BodyPublishers.ofFile(file));
                if (name.equals(ImageFiles.IMAGE)) {
                    put.header("X-Checksum-Md5", digestIn(imageDir.resolve(ImageFiles.MD5), 32));
                    if (Files.isRegularFile(imageDir.resolve(ImageFiles.SHA512))) {
                        put.header("X-Checksum-Sha512", digestIn(imageDir.resolve(ImageFiles.SHA512), 128));
                    }
                }
                send(put, "uploading " + name + " to " + target, 201);
            }
            URI commit = URI.create(server + "/api/v1/uploads/" + id + "/commit");
            send(request(commit, SMALL_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()), "committing the upload of " + directory, 200);
            committed = true;
            return new PublishedImage(directory, server + "/" + directory + "/" + ImageFiles.IMAGE, Optional.empty());
        } finally {
            if (!committed) {
                discard(id);
            }
        }
    }

    private void discard(String id) {
        try {
            http.send(request(URI.create(server + "/api/v1/uploads/" + id), SMALL_TIMEOUT).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the server drops idle sessions itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest.Builder request(URI uri, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String what, int expected) throws IOException {
        HttpRequest request = builder.build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadException(what + ": interrupted", 0, e);
        } catch (IOException e) {
            throw new UploadException(what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), 0, e);
        }
        if (r.statusCode() != expected) {
            throw new UploadException(what + ": " + request.method() + " answered " + r.statusCode() + " " + problem(r.body()),
                    r.statusCode(), null);
        }
        return r;
    }

    /** The server's error message, else the body's start. */
    private static String problem(String body) {
        try {
            JsonNode error = Mappers.json().readTree(body).path("error");
            if (error.has("message")) {
                return error.path("code").asText("") + ": " + error.path("message").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // not our JSON
        }
        String b = body == null ? "" : body.strip();
        return b.length() > 200 ? b.substring(0, 200) + "..." : b;
    }

    private static JsonNode json(HttpResponse<String> r) throws UploadException {
        try {
            return Mappers.json().readTree(r.body());
        } catch (IOException e) {
            throw new UploadException(r.request().method() + " " + r.uri() + ": the answer is not JSON", r.statusCode(), e);
        }
    }

    private static String digestIn(Path checksumFile, int hexLength) throws IOException {
        String text = Files.readString(checksumFile, StandardCharsets.UTF_8).strip();
        String first = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (first.length() != hexLength || !first.matches("[0-9a-f]+")) {
            throw new IOException("reading " + checksumFile + ": expected " + hexLength + " hex digits, found '" + first + "'");
        }
        return first;
    }
}
