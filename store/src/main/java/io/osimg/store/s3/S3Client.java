package io.osimg.store.s3;

import io.osimg.store.StoreException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signed path-style requests to one bucket of an S3-compatible endpoint ({@code <endpoint>/<bucket>/<object>}) over
 * the JDK's {@link HttpClient} (HTTP/1.1). Requests whose answer is read whole (everything but a streamed GET; their
 * bodies are in memory, so they can be sent again) are retried on I/O errors and 500/503 answers (three attempts,
 * 200 ms then 800 ms apart); a streamed GET is not.
 */
final class S3Client {

    private static final int ATTEMPTS = 3;

    /** An answer read whole. */
    record Answer(int status, HttpHeaders headers, byte[] body) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final URI endpoint;
    private final String bucket;
    private final SigV4 signer;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;

    S3Client(URI endpoint, String bucket, SigV4 signer, Clock clock, Duration timeout, HttpClient http) {
        String s = endpoint.toString();
        this.endpoint = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.bucket = bucket;
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = clock;
        this.timeout = timeout;
        this.http = http;
    }

    /** Closes the HTTP client (its connections and threads). */
    void close() {
        http.close();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Sends a request and reads the whole answer (bodies of listings, errors, small results). */
    Answer send(String method, String object, Map<String, String> query, Map<String, String> headers, byte[] body,
                String what) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            try {
                HttpResponse<byte[]> r = http.send(request(method, object, query, headers, body),
                        HttpResponse.BodyHandlers.ofByteArray());
                if ((r.statusCode() == 500 || r.statusCode() == 503) && attempt < ATTEMPTS) {
                    last = failure(what, r.statusCode(), r.body());
                    continue;
                }
                return new Answer(r.statusCode(), r.headers(), r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(what + ": interrupted", e);
            } catch (IOException e) {
                last = new StoreException(what + " at " + endpoint + ": " + describe(e), e);
            }
        }
        throw last;
    }

    /** Sends a GET whose body is read as a stream (not retried). */
    HttpResponse<InputStream> stream(String object, Map<String, String> headers, String what) throws IOException {
        try {
            return http.send(request("GET", object, Map.of(), headers, null), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(what + ": interrupted", e);
        } catch (IOException e) {
            throw new StoreException(what + " at " + endpoint + ": " + describe(e), e);
        }
    }

    /** The exception for an error answer, with S3's code and message when the body has them. */
    static S3Exception failure(String what, int status, byte[] body) {
        S3Xml.Error error = S3Xml.parseError(body == null ? new byte[0] : body);
        return new S3Exception(what, status, error.code(), error.message());
    }

    private HttpRequest request(String method, String object, Map<String, String> query, Map<String, String> headers,
                                byte[] body) {
        String path = endpoint.getRawPath() + "/" + bucket + (object == null ? "/" : "/" + SigV4.encode(object, false));
        String q = SigV4.canonicalQuery(query);
        URI uri = URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path + (q.isEmpty() ? "" : "?" + q));
        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("host", hostHeader(uri));
        String payload = body == null ? SigV4.EMPTY_SHA256 : SigV4.sha256Hex(body);
        Map<String, String> auth = signer.sign(method, path, query, signed, payload, clock.instant());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        auth.forEach(b::header);
        headers.forEach(b::header);
        return b.build();
    }

    /** The Host header the JDK client sends: the host, with the port unless it is the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean defaultPort = port == -1 || (https ? port == 443 : port == 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void pause(int attempt) throws StoreException {
        try {
            Thread.sleep(attempt == 2 ? 200 : 800);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("waiting to retry an S3 request: interrupted", e);
        }
    }
}
