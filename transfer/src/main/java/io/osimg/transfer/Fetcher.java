package io.osimg.transfer;

import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.core.checksum.Digests;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fetches objects over HTTP(S)/1.1 with {@linkplain Deadlines deadlines} (connect, response headers, idle body,
 * minimum rate), bounded retries with exponential backoff and jitter,
 * resumption by {@code Range}/{@code If-Range}, failover across mirrors of the same object and digests computed
 * on the fly. One fetcher holds one HTTP client; close it when done.
 *
 * <p>HTTPS servers are trusted through the JDK's trust store plus {@link TransferOptions#caCertificates()}, with
 * hostname verification; a certificate that is not accepted fails at once with
 * {@link UntrustedCertificateException}. Redirects (301, 302, 303, 307, 308) are followed except from https to
 * http, as many in a row as the HTTP client allows (4 by default: {@code jdk.httpclient.redirects.retrylimit=5}
 * answers); a loop or a longer chain fails naming its hops.
 */
public final class Fetcher implements AutoCloseable {

    /** The statuses the HTTP client follows; one of them as the final answer means it stopped following. */
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final TransferOptions options;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final HttpClient client;
    /** Headers sent with every request (e.g. a registry's {@code Authorization}); none by default. */
    private final Map<String, String> headers;

    public Fetcher(TransferOptions options) {
        this(options, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    public Fetcher(TransferOptions options, Clock clock, Sleeper sleeper) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff(), options.jitter(),
                () -> ThreadLocalRandom.current().nextDouble());
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.deadlines().connect())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (!options.caCertificates().isEmpty()) {
            builder.sslContext(CaCertificates.sslContext(options.caCertificates()));
        }
        this.client = builder.build();
        this.headers = Map.of();
    }

    private Fetcher(Fetcher base, Map<String, String> headers) {
        this.options = base.options;
        this.clock = base.clock;
        this.sleeper = base.sleeper;
        this.backoff = base.backoff;
        this.client = base.client;
        this.headers = Map.copyOf(headers);
    }

    /**
     * A fetcher that sends {@code headers} with every request (a registry's {@code Authorization}, say), sharing
     * this fetcher's HTTP client: closing either closes both.
     */
    public Fetcher withHeaders(Map<String, String> headers) {
        return new Fetcher(this, headers);
    }

    /**
     * Opens the object served at each of {@code mirrors} as a stream that delivers every byte exactly once,
     * in order, resuming and failing over behind the scenes. The first request is made before this returns.
     *
     * @param digestAlgorithms the digests computed over the bytes read
     * @param listener         receives progress; may be null
     * @throws TransferException if no mirror delivers the start of the object within the attempt budget, or one
     *                           answers with a permanent error (404, 410, 403, ...) and no other mirror is left
     */
    public FetchStream open(List<URI> mirrors, Set<DigestAlgorithm> digestAlgorithms, ProgressListener listener)
            throws IOException {
        return open(mirrors, Digests.of(digestAlgorithms), ResumePoint.START, listener);
    }

    FetchStream open(List<URI> mirrors, Digests digests, ResumePoint from, ProgressListener listener)
            throws IOException {
        FetchStream stream = new FetchStream(this, checkMirrors(mirrors), digests, from,
                listener == null ? ProgressListener.NONE : listener);
        try {
            stream.connect();
        } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
        }
        return stream;
    }

    /**
     * Downloads the object to {@code target}: bytes go to {@code <target>.part} (with the server's validator in
     * {@code <target>.part.meta}), an existing partial file is resumed, and the finished file is renamed onto
     * {@code target} atomically. A failed download leaves the partial file for the next call.
     */
    public Download download(List<URI> mirrors, Path target, Set<DigestAlgorithm> digestAlgorithms,
                             ProgressListener listener) throws IOException {
        return new FileDownload(this, checkMirrors(mirrors), target, digestAlgorithms,
                listener == null ? ProgressListener.NONE : listener).run();
    }

    /** Releases the HTTP client; streams still open from this fetcher are aborted. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    TransferOptions options() {
        return options;
    }

    Clock clock() {
        return clock;
    }

    Backoff backoff() {
        return backoff;
    }

    void pause(Duration d, URI next) throws InterruptedIOException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("waiting to retry " + next + ": interrupted");
        }
    }

    /** The answer to one GET, its body not yet read. */
    record Response(URI url, int status, HttpHeaders headers, BodyQueue body) { }

    /** Sends one GET for the object from {@code offset} on, following redirects; every failure names the URL. */
    Response send(URI url, long offset, Optional<String> ifRange) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET()
                .timeout(options.deadlines().firstByte())
                .header("User-Agent", options.userAgent());
        headers.forEach(request::header);
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
            ifRange.ifPresent(v -> request.header("If-Range", v));
        }
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofPublisher());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("GET " + url + ": interrupted");
        } catch (IOException e) {
            throw failure(url, e, options.deadlines());
        }
        BodyQueue body = new BodyQueue(url, options.deadlines());
        response.body().subscribe(body);
        if (REDIRECTS.contains(response.statusCode())) {
            body.cancel();
            throw redirectNotFollowed(url, response);
        }
        return new Response(url, response.statusCode(), response.headers(), body);
    }

    /**
     * A failed request, saying which deadline passed or that the connection was refused: a certificate the handshake
     * refused is final for that server, anything else retried.
     */
    private static TransferException failure(URI url, IOException e, Deadlines deadlines) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CertificateException) {
                Throwable root = c;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                return new UntrustedCertificateException(url, "GET " + url + ": the server's TLS certificate is not "
                        + "trusted (" + root.getMessage() + ")", e);
            }
        }
        String why = switch (e) {
            case HttpConnectTimeoutException t -> "no connection within " + Deadlines.seconds(deadlines.connect())
                    + " (--connect-timeout)";
            case HttpTimeoutException t -> "no response headers within " + Deadlines.seconds(deadlines.firstByte())
                    + " (--first-byte-timeout)";
            case ConnectException c when c.getMessage() == null -> "connection refused";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        };
        return new TransferException(url, -1, "GET " + url + ": " + why, e);
    }

    /** Says why the client stopped at a redirect: a loop, too many hops, or https to http; names the hops. */
    private static TransferException redirectNotFollowed(URI url, HttpResponse<?> last) {
        List<URI> hops = new ArrayList<>();
        for (HttpResponse<?> r = last; r != null; r = r.previousResponse().orElse(null)) {
            hops.addFirst(r.uri());
        }
        URI next = last.headers().firstValue("Location").map(l -> last.uri().resolve(l)).orElse(null);
        String why;
        int loopAt = hops.lastIndexOf(next);
        if (loopAt >= 0) {
            why = "redirect loop";
            hops = hops.subList(loopAt, hops.size());
        } else if (next != null && "https".equalsIgnoreCase(last.uri().getScheme())
                && "http".equalsIgnoreCase(next.getScheme())) {
            why = "not following a redirect from https to http";
        } else {
            why = "too many redirects";
        }
        StringBuilder chain = new StringBuilder();
        for (URI hop : hops) {
            chain.append(hop).append(" -> ");
        }
        chain.append(next);
        return new TransferException(url, last.statusCode(), "GET " + url + ": " + why + " (HTTP "
                + last.statusCode() + ": " + chain + ")");
    }

    private static List<URI> checkMirrors(List<URI> mirrors) {
        if (mirrors == null || mirrors.isEmpty()) {
            throw new IllegalArgumentException("at least one URL is needed");
        }
        for (URI u : mirrors) {
            String scheme = u == null ? null : u.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || u.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL: " + u);
            }
        }
        return List.copyOf(mirrors);
    }
}
