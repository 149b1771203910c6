package io.osimg.store.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes requests of one connection: {@code /healthz}, {@code /metrics}, {@code /} (listing),
 * {@code /api/v1/images...} (catalog), {@code /api/v1/uploads...} (upload sessions), {@code /<key>} (objects,
 * uploads into a session). Paths under {@code /api/} are reserved: a top-level store directory {@code api} is not
 * served. Request bodies are not aggregated: an upload's chunks stream into its staged object;
 * bodies of other requests (and of refused uploads) are discarded.
 */
final class HttpHandler extends SimpleChannelInboundHandler<HttpObject> {

    private static final Logger LOG = Logger.getLogger(HttpHandler.class.getName());

    private final ObjectResource objects;
    private final ListingResource listing;
    private final UploadResource uploads;
    private final ApiResource api;
    private final SessionResource sessions;
    private final ServerMetrics metrics;
    private final AccessLog accessLog;
    private final EventLog events;
    private final PageResource pages;

    private final String bucketPath;
    private Exchange exchange;
    private UploadResource.Upload upload;
    /** The body of an event being POSTed, and its machine; null when no event is being received. */
    private java.io.ByteArrayOutputStream eventBody;
    private String eventMachine;
    private boolean holding;
    private final Queue<Object> held = new ArrayDeque<>();

    HttpHandler(ObjectResource objects, ListingResource listing, UploadResource uploads, ApiResource api,
                SessionResource sessions, ServerMetrics metrics, AccessLog accessLog, String bucket, EventLog events,
                PageResource pages) {
        this.api = api;
        this.pages = pages;
        this.events = events;
        this.sessions = sessions;
        this.bucketPath = "/" + bucket;
        this.objects = objects;
        this.listing = listing;
        this.uploads = uploads;
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpRequest request) {
            if (request.decoderResult().isFailure() && !ctx.channel().isActive()) {
                return; // a head cut short by the client's close: nobody to answer
            }
            exchange = new Exchange(ctx, request, metrics, accessLog);
            try {
                if (request.decoderResult().isFailure()) {
                    exchange.closeAfterAnswer(); // the decoder discards the rest of this connection's bytes
                    throw new RequestRejectedException(ErrorMapper.malformedHead(request.decoderResult().cause()));
                }
                if (!request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                        && !request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                    exchange.closeAfterAnswer();
                    throw new RequestRejectedException(ErrorMapper.versionNotSupported(request.protocolVersion().text()));
                }
                route(exchange, request);
            } catch (Exception e) {
                fail(e);
            }
        }
        if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            abortUpload(); // a broken body (e.g. a bad chunk): the decoder discards the rest, so the connection ends
            if (exchange != null && !exchange.answered()) {
                exchange.closeAfterAnswer();
                fail(new RequestRejectedException(ErrorMapper.malformedHead(content.decoderResult().cause())));
            } else {
                ctx.close();
            }
            return;
        }
        if (msg instanceof HttpContent content && eventBody != null) {
            try {
                receiveEvent(content);
            } catch (Exception e) {
                eventBody = null;
                fail(e);
            }
        }
        if (msg instanceof HttpContent content && upload != null) {
            try {
                upload.write(content.content());
                if (content instanceof LastHttpContent) {
                    UploadResource.Upload finished = upload;
                    upload = null;
                    exchange.sendText(HttpResponseStatus.CREATED, "application/json", finished.finish().json());
                }
            } catch (Exception e) {
                abortUpload();
                fail(e);
            }
        }
    }

    private void route(Exchange ex, HttpRequest request) throws IOException {
        RequestTarget target = RequestTarget.parse(request.uri()).withoutBucket(bucketPath);
        HttpMethod method = request.method();
        boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        if (read && pages.handles(request, target)) {
            pages.handle(ex, request, target);
            return;
        }
        switch (target.path()) {
            case "/healthz" -> {
                requireRead(read, method, target);
                ex.sendText(HttpResponseStatus.OK, "text/plain; charset=utf-8", "ok\n");
            }
            case "/metrics" -> {
                requireRead(read, method, target);
                ex.sendText(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
            }
            case "/" -> {
                requireRead(read, method, target);
                answerLater(ex, listing.handle(target),
                        xml -> ex.sendText(HttpResponseStatus.OK, "application/xml", xml));
            }
            default -> {
                if (target.path().startsWith(UploadSessions.PATH + "/") || target.path().equals(UploadSessions.PATH)) {
                    sessions.handle(ex, request, target);
                } else if (target.path().equals(EVENTS)) {
                    events(ex, method, target);
                } else if (target.path().startsWith("/api/")) {
                    requireRead(read, method, target);
                    api.handle(ex, target);
                } else if (read) {
                    if (method.equals(HttpMethod.GET) && PageResource.isDownload(request, target.key())) {
                        ex.countAsDownload();
                    }
                    objects.handle(ex, request, target.key());
                } else if (method.equals(HttpMethod.PUT) && target.param("upload") != null) {
                    upload = uploads.begin(ex, request, target.key(), target.param("upload"));
                } else if (method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE)) {
                    throw ErrorMapper.sessionRequired(method.name(), target.key());
                } else {
                    throw ErrorMapper.methodNotAllowed(method.name(), target.path(), "GET, HEAD");
                }
            }
        }
    }

    static final String EVENTS = "/api/v1/events";

    /**
     * {@code POST /api/v1/events?machine=ID}: an installer's event (a JSON object, at most 64 KiB), kept in the
     * {@link EventLog}, answered 204 once the whole body arrived. {@code GET ?machine=ID}: that machine's events;
     * {@code GET} alone: the machines heard from.
     */
    private void events(Exchange ex, HttpMethod method, RequestTarget target) {
        String machine = target.param("machine");
        if (method.equals(HttpMethod.POST)) {
            EventLog.checkMachine(machine);
            eventMachine = machine;
            eventBody = new java.io.ByteArrayOutputStream();
        } else if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            ex.sendText(HttpResponseStatus.OK, "application/json", machine == null ? events.machines() : events.events(machine));
        } else {
            throw ErrorMapper.methodNotAllowed(method.name(), target.path(), "GET, HEAD, POST");
        }
    }

    private void receiveEvent(HttpContent content) {
        io.netty.buffer.ByteBuf buf = content.content();
        if (eventBody.size() + buf.readableBytes() > EventLog.MAX_EVENT_BYTES) {
            eventBody = null;
            exchange.closeAfterAnswer(); // the rest of the body is not read
            throw new RequestRejectedException(new HttpProblem(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large",
                    "an event is at most " + EventLog.MAX_EVENT_BYTES + " bytes of JSON"));
        }
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        eventBody.writeBytes(bytes);
        if (content instanceof LastHttpContent) {
            byte[] body = eventBody.toByteArray();
            eventBody = null;
            events.add(eventMachine, body, System.currentTimeMillis());
            exchange.sendFull(HttpResponseStatus.NO_CONTENT, null, new byte[0]);
        }
    }

    /**
     * Sends {@code answer}'s result on this connection's I/O thread once it is there. Until then the connection reads
     * nothing and holds requests already decoded (pipelined), so answers keep the order of the requests.
     */
    private <T> void answerLater(Exchange ex, CompletableFuture<T> answer, Consumer<T> send) {
        ChannelHandlerContext ctx = ex.ctx();
        holding = true;
        ctx.channel().config().setAutoRead(false);
        answer.whenComplete((result, e) -> ctx.executor().execute(() -> {
            try {
                if (e == null) {
                    send.accept(result);
                } else {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    fail(cause instanceof UncheckedIOException u ? u.getCause()
                            : cause instanceof Exception x ? x : new RuntimeException(cause));
                }
            } finally {
                holding = false;
                ctx.channel().config().setAutoRead(true);
                while (!holding && !held.isEmpty()) {
                    replay(ctx, held.poll());
                }
            }
        }));
    }

    private void replay(ChannelHandlerContext ctx, Object msg) {
        try {
            channelRead(ctx, msg);
        } catch (Exception e) {
            exceptionCaught(ctx, e);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (holding) {
            held.add(msg); // released when passed on (SimpleChannelInboundHandler) or when the connection closes
            return;
        }
        super.channelRead(ctx, msg);
    }

    private static void requireRead(boolean read, HttpMethod method, RequestTarget target) {
        if (!read) {
            throw ErrorMapper.methodNotAllowed(method.name(), target.path(), "GET, HEAD");
        }
    }

    private void fail(Exception e) {
        if (exchange == null || exchange.answered()) {
            LOG.log(Level.WARNING, "failure after the answer was sent", e);
            return;
        }
        HttpProblem problem = ErrorMapper.map(e, exchange.what());
        exchange.sendProblem(problem, e instanceof RequestRejectedException r ? r.headerPairs() : new String[0]);
    }

    private void abortUpload() {
        if (upload != null) {
            upload.abort();
            upload = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        if (upload != null) {
            metrics.finished("PUT", 499, 0);
            metrics.failed();
        }
        abortUpload();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.log(Level.WARNING, "connection " + ctx.channel().remoteAddress() + " failed", cause);
        }
        abortUpload();
        ctx.close();
    }
}
