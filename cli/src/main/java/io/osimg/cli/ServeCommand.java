package io.osimg.cli;

import io.osimg.store.BlobStore;
import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.store.http.AccessLog;
import io.osimg.store.http.ImageServer;
import io.osimg.store.http.UploadToken;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", sortOptions = false,
        description = {
            "Serve a store over HTTP: objects with ranges and validators, S3 listings, the image catalog's JSON API "
                    + "(/api/v1/images, /api/v1/images/{id}, /api/v1/images/{id}/latest, /api/v1/images/{id}/packages), "
                    + "uploads with a bearer token, installers' events (POST /api/v1/events?machine=ID, a JSON object; "
                    + "GET /api/v1/events?machine=ID lists them, the newest 1000 per machine, in memory), /healthz and /metrics.",
            "",
            "An s3:// store is read through the S3 API (path-style requests signed with AWS Signature V4); object "
                    + "bodies are streamed from it, ranges re-read with If-Match.",
            "",
            "Limits: a request head must arrive within --header-timeout, a kept-alive connection's next request within "
                    + "--idle-timeout; at most --max-connections are open (the one waiting longest for a request head "
                    + "makes room for a new one; when all are busy a new one gets 503 with Retry-After). Files are "
                    + "written only through upload sessions; a published release is never overwritten.",
            "",
            "On start what killed builds, uploads and servers left in the store's .staging is deleted (work of live "
                    + "processes and entries osimg does not know are kept). The catalog "
                    + "is rescanned every --refresh seconds and after every upload committed through the server. "
                    + "Prints one line with the address; stops cleanly on SIGTERM or SIGINT."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  osimg serve --store ./images",
            "  osimg serve --store s3://images/metal-os --s3-endpoint http://127.0.0.1:9000",
            "  osimg serve --store /srv/images --listen 0.0.0.0:8080 --upload-token-file /etc/osimg/token --access-log -"})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--store", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "the store directory, or a bucket prefix in S3 or an S3-compatible service (see --s3-endpoint, --s3-region)")
    String store;

    @Mixin StoreOptions storeOptions;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "address to listen on (default: ${DEFAULT-VALUE}; port 0 picks a free one)")
    String listen;

    @Option(names = "--upload-token-file", paramLabel = "FILE", description = "enables uploads with the bearer token in FILE")
    Path uploadTokenFile;

    @Option(names = "--public-url", paramLabel = "URL", description = "the URL clients reach this server at, for image URLs in the API (default: the listen address; relative URLs when listening on every address; never the Host header)")
    String publicUrl;

    @Option(names = "--header-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Quantities.DurationConverter.class,
            description = "a request head must arrive completely within DURATION (e.g. 10s; a number alone is seconds) of the connection (or of the first byte of a kept-alive connection's next request), else 408 and close (default: ${DEFAULT-VALUE})")
    Duration headerTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Quantities.DurationConverter.class,
            description = "close a kept-alive connection that sends no next request within DURATION (default: ${DEFAULT-VALUE})")
    Duration idleTimeout;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "most connections open at once; over it the one waiting longest for a request head is closed, and when all are busy a new one gets 503 with Retry-After (default: the descriptor limit less those open at start and a reserve, at most 16384)")
    Integer maxConnections;

    @Option(names = "--access-log", paramLabel = "FILE|-", description = "one line per request to FILE (appended) or - for standard output")
    String accessLog;

    @Option(names = "--refresh", paramLabel = "SECONDS", defaultValue = "10", description = "rescan the store every SECONDS (default: ${DEFAULT-VALUE}; 0: only after uploads)")
    int refreshSeconds;

    @Mixin CommonOptions debug;


    @Override
    public Integer call() throws Exception {
        InetSocketAddress address = parseListen(listen);
        if (refreshSeconds < 0) {
            throw new IllegalArgumentException("--refresh " + refreshSeconds + ": must not be negative");
        }
        if (headerTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--header-timeout " + headerTimeout.toMillis() / 1000.0 + " s: must be at least 1 second");
        }
        if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--idle-timeout " + idleTimeout.toMillis() / 1000.0 + " s: must be at least 1 second");
        }
        if (maxConnections != null && maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections " + maxConnections + ": must be at least 1");
        }
        UploadToken token = uploadTokenFile == null ? null : UploadToken.fromFile(uploadTokenFile);
        BlobStore blobs = storeOptions.openExisting(store); // what dead processes left in a directory's .staging is deleted
        PrintStream logStream = openLog(accessLog);
        StoreCatalog catalog = StoreCatalog.open(new BlobStoreView(blobs), Duration.ofSeconds(refreshSeconds), s -> { });
        ImageServer server;
        try {
            ImageServer.Builder builder = ImageServer.builder().store(blobs).listen(address).uploadToken(token)
                    .publicUrl(publicUrl).headerTimeout(headerTimeout)
                    .idleTimeout(idleTimeout).catalog(catalog)
                    .accessLog(logStream == null ? AccessLog.none() : AccessLog.to(logStream));
            if (maxConnections != null) {
                builder.maxConnections(maxConnections);
            }
            server = builder.start();
        } catch (IOException | RuntimeException e) {
            catalog.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (logStream != null && logStream != System.out) {
                logStream.close();
            }
            System.out.println("osimg serve: stopped");
            System.out.flush();
            stopped.countDown();
        }, "osimg-serve-shutdown"));
        InetSocketAddress bound = server.address();
        System.out.println("osimg serve: listening on http://" + hostText(bound) + ":" + bound.getPort() + " (store "
                + blobs.localRoot().map(Path::toString).orElseGet(blobs::toString) + ", " + catalog.current().size() + " images, uploads "
                + (token == null ? "disabled" : "enabled") + ", at most " + server.maxConnections() + " connections)");
        System.out.flush();
        stopped.await();
        return Main.OK;
    }

    private static String hostText(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    private static PrintStream openLog(String accessLog) throws IOException {
        if (accessLog == null) {
            return null;
        }
        if (accessLog.equals("-")) {
            return System.out;
        }
        try {
            return new PrintStream(new FileOutputStream(accessLog, true), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("opening access log " + accessLog + ": " + e.getMessage(), e);
        }
    }

    /** {@code HOST:PORT}, {@code [V6]:PORT} or {@code :PORT} (all addresses). */
    static InetSocketAddress parseListen(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--listen '" + value + "': expected HOST:PORT, e.g. 127.0.0.1:8080");
        }
        String host = value.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen '" + value + "': port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen '" + value + "': port out of range");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
