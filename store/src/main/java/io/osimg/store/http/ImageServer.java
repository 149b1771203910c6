package io.osimg.store.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.osimg.store.BlobStore;
import io.osimg.store.catalog.StoreCatalog;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The image store's HTTP server ({@code osimg serve}): objects with ranges and validators, S3 listings, uploads,
 * {@code /healthz} and {@code /metrics}. Netty with epoll when available, NIO otherwise.
 *
 * <pre>{@code
 * try (ImageServer server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0)).start()) {
 *     int port = server.port();
 * }
 * }</pre>
 */
public final class ImageServer implements AutoCloseable {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The thread that makes S3 listing pages (see {@link ListingResource}), off the I/O threads: one, so listings never take both cores from the I/O threads. */
    private static final int LISTING_THREADS = 1;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final ServerMetrics metrics;
    private final boolean epoll;
    private final UploadSessions sessions;
    private final StoreCatalog catalog;
    private final EventExecutorGroup storeThreads;
    private final int maxConnections;
    private final String publicUrl;
    private final ExecutorService listingThreads;

    private ImageServer(Builder b) throws IOException {
        this.metrics = b.metrics;
        this.epoll = Epoll.isAvailable() && !b.forceNio;
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        AcceptGuard.prepareLogging();
        this.boss = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(b.ioThreads, factory);
        ObjectResource objects = new ObjectResource(b.store);
        this.listingThreads = Executors.newFixedThreadPool(LISTING_THREADS, new DefaultThreadFactory("osimg-listing", true));
        ListingResource listing = new ListingResource(b.store, b.catalog, b.bucket, listingThreads);
        this.sessions = new UploadSessions(b.store, Clock.systemUTC());
        UploadResource uploads = new UploadResource(b.uploadToken, sessions);
        this.publicUrl = b.publicUrl;
        ApiResource api = new ApiResource(b.catalog, b.store, this::imageBase);
        SessionResource sessionResource = new SessionResource(uploads, b.catalog);
        PageResource pages = new PageResource(b.catalog, b.store, b.metrics, this::imageBase);
        EventLog events = new EventLog();
        this.catalog = b.catalog;
        if (catalog != null) {
            b.metrics.gauge(ServerMetrics.IMAGES, "Images in the catalog (releases, stable and pull-request builds).",
                    () -> catalog.current().size());
            b.metrics.gauge(ServerMetrics.IMAGE_BYTES, "Bytes of the catalog's images (img.tar.lz4).",
                    () -> PageResource.imageBytes(catalog.current()));
        }
        AccessLog accessLog = b.accessLog;
        String bucket = b.bucket;
        ServerMetrics m = b.metrics;
        Connections connections = new Connections(b.maxConnections > 0 ? b.maxConnections : Connections.defaultMax(),
                b.headerTimeout, b.idleTimeout, m);
        this.maxConnections = connections.max();
        ConnectionGuard.preload(connections);
        AcceptGuard acceptGuard = new AcceptGuard(m);
        // A filesystem store answers from the page cache and hands out FileChannels (sent as file regions): its
        // requests are handled on the I/O threads. Another store (S3) blocks on the network: its requests are handled,
        // and its bodies read in chunks, on a pool of store threads so the I/O threads keep serving other connections.
        this.storeThreads = b.store.localRoot().isPresent() ? null
                : new DefaultEventExecutorGroup(b.storeThreads, new DefaultThreadFactory("osimg-store", true));
        EventExecutorGroup storeThreads = this.storeThreads;
        try {
            this.channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelClass)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .handler(acceptGuard)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ConnectionGuard guard = new ConnectionGuard(connections);
                            ch.pipeline().addLast("limits", guard.bytes());
                            ch.pipeline().addLast("codec", new HttpServerCodec());
                            ch.pipeline().addLast("requests", guard.messages());
                            HttpHandler handler = new HttpHandler(objects, listing, uploads, api, sessionResource, m, accessLog, bucket,
                                    events, pages);
                            if (storeThreads == null) {
                                ch.pipeline().addLast("handler", handler);
                            } else {
                                ch.pipeline().addLast(storeThreads, "chunked", new ChunkedWriteHandler());
                                ch.pipeline().addLast(storeThreads, "handler", handler);
                            }
                        }
                    })
                    .bind(b.listen).sync().channel();
        } catch (Exception e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            listingThreads.shutdownNow();
            if (storeThreads != null) {
                storeThreads.shutdownGracefully();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("starting the image server on " + b.listen + ": " + e.getMessage(), e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Metrics of this server; set outside gauges such as the catalog size here. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /**
     * The URL image keys are appended to in the API: the public URL, else {@code http://<address>:<port>} of the
     * listening socket; null (relative URLs) when it listens on every address. Never a request's Host header.
     */
    String imageBase() {
        if (publicUrl != null) {
            return publicUrl;
        }
        InetSocketAddress bound = address();
        InetAddress ip = bound.getAddress();
        if (ip.isAnyLocalAddress()) {
            return null;
        }
        String host = ip.getHostAddress();
        return "http://" + (ip instanceof Inet6Address ? "[" + host.replaceFirst("%.*", "") + "]" : host) + ":" + bound.getPort();
    }

    /** The connection cap in force (set, or derived from the descriptor limit). */
    public int maxConnections() {
        return maxConnections;
    }

    /** True when the epoll transport (sendfile on native sockets) is in use. */
    public boolean usesEpoll() {
        return epoll;
    }

    /** Stops accepting, closes connections and waits for the I/O threads. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        sessions.closeAll();
        if (catalog != null) {
            catalog.close();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        listingThreads.shutdownNow();
        if (storeThreads != null) {
            storeThreads.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Configures and starts an {@link ImageServer}. */
    public static final class Builder {

        private BlobStore store;
        private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 8080);
        private UploadToken uploadToken;
        private AccessLog accessLog = AccessLog.none();
        private String bucket = "osimg";
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private boolean forceNio;
        private int storeThreads = 16;
        private final ServerMetrics metrics = new ServerMetrics();
        private StoreCatalog catalog;
        private String publicUrl;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConnections;

        private Builder() {
        }

        /**
         * How long a request head may take to arrive completely, from the connection's start or from the first byte
         * of a kept-alive connection's next request (default 10 s); then a 408 and the connection is closed.
         */
        public Builder headerTimeout(Duration headerTimeout) {
            this.headerTimeout = positive(headerTimeout, "header timeout");
            return this;
        }

        /** How long a kept-alive connection may wait for its next request (default 60 s); then it is closed. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = positive(idleTimeout, "idle timeout");
            return this;
        }

        /**
         * The most connections open at once (default: the process's descriptor limit less a reserve for files, at
         * most 16384). Over it, the connection that has waited longest for a request head is closed to make room;
         * when all are busy, the new one gets a 503 with {@code Retry-After}.
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maximum connections must be at least 1: " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }

        public Builder store(BlobStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder listen(InetSocketAddress listen) {
            this.listen = Objects.requireNonNull(listen, "listen");
            return this;
        }

        /** Enables uploads with this token; without one every PUT is refused. */
        public Builder uploadToken(UploadToken token) {
            this.uploadToken = token;
            return this;
        }

        public Builder accessLog(AccessLog accessLog) {
            this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
            return this;
        }

        /**
         * The bucket name shown in S3 listings (default {@code osimg}). Path-style S3 requests are served too:
         * {@code /<bucket>} and {@code /<bucket>/} list, {@code /<bucket>/<key>} is {@code /<key>}; so a top-level
         * directory named like the bucket cannot be reached.
         */
        public Builder bucket(String bucket) {
            this.bucket = io.osimg.store.BlobKey.validate(Objects.requireNonNull(bucket, "bucket"));
            if (bucket.contains("/") || bucket.equals("healthz") || bucket.equals("metrics")) {
                throw new IllegalArgumentException("bucket name must be one segment other than healthz and metrics: " + bucket);
            }
            return this;
        }

        /**
         * Serves {@code /api/v1/images...} from this catalog (closed with the server) and rescans it after upload
         * commits. Without one the API answers 404.
         */
        public Builder catalog(StoreCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        /**
         * The URL clients reach this server at (e.g. behind a proxy), used for image URLs in the API; without it
         * they are built from the listen address (relative when listening on every address), never from a
         * request's Host header.
         */
        public Builder publicUrl(String publicUrl) {
            if (publicUrl != null && !publicUrl.matches("https?://[^\\s?#]+")) {
                throw new IllegalArgumentException("public URL must be an http(s) URL without query: " + publicUrl);
            }
            this.publicUrl = publicUrl == null ? null : publicUrl.replaceFirst("/+$", "");
            return this;
        }

        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1: " + ioThreads);
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /**
         * Threads that handle requests when the store is not a filesystem store (an S3 store blocks on the network);
         * each connection stays on one of them. Default 16.
         */
        public Builder storeThreads(int storeThreads) {
            if (storeThreads < 1) {
                throw new IllegalArgumentException("storeThreads must be at least 1: " + storeThreads);
            }
            this.storeThreads = storeThreads;
            return this;
        }

        /** Uses the NIO transport even where epoll is available. */
        public Builder forceNio(boolean forceNio) {
            this.forceNio = forceNio;
            return this;
        }

        public ImageServer start() throws IOException {
            if (store == null) {
                throw new IllegalArgumentException("an image server needs a store");
            }
            return new ImageServer(this);
        }
    }
}
