package io.osimg.store.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One request being answered: writes the response, then records it once in the metrics and the access log and
 * closes the connection unless it is kept alive.
 */
final class Exchange {

    private final ChannelHandlerContext ctx;
    private final String method;
    private final String uri;
    private final boolean head;
    private boolean keepAlive;
    private final long startNanos = System.nanoTime();
    private final ServerMetrics metrics;
    private final AccessLog accessLog;
    private boolean answered;

    Exchange(ChannelHandlerContext ctx, HttpRequest request, ServerMetrics metrics, AccessLog accessLog) {
        this.ctx = ctx;
        this.method = request.method().name();
        this.uri = request.uri();
        this.head = request.method().equals(HttpMethod.HEAD);
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.metrics = metrics;
        this.accessLog = accessLog;
        metrics.started();
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    String method() {
        return method;
    }

    boolean isHead() {
        return head;
    }

    boolean answered() {
        return answered;
    }

    String what() {
        return method + " " + uri;
    }

    /** Answers with {@code Connection: close} and closes afterwards, whatever the request asked for. */
    void closeAfterAnswer() {
        keepAlive = false;
    }

    /** Sets Connection handling on a response about to be written. */
    void prepare(HttpResponse response) {
        HttpUtil.setKeepAlive(response, keepAlive);
    }

    /** Sends a complete response with a small in-memory body (omitted for HEAD, Content-Length kept). */
    void sendFull(HttpResponseStatus status, String contentType, byte[] body, String... headerPairs) {
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            response.headers().set(headerPairs[i], headerPairs[i + 1]);
        }
        HttpUtil.setContentLength(response, body.length);
        prepare(response);
        done(ctx.writeAndFlush(response), status.code(), head ? 0 : body.length);
    }

    void sendText(HttpResponseStatus status, String contentType, String body, String... headerPairs) {
        sendFull(status, contentType, body.getBytes(StandardCharsets.UTF_8), headerPairs);
    }

    void sendProblem(HttpProblem problem, String... headerPairs) {
        sendText(problem.status(), "application/json", problem.json(), headerPairs);
    }

    /** Records the answer when {@code lastWrite} completes; closes the connection if not kept alive. */
    private boolean download;

    /** This GET of an img.tar.lz4 counts as a download when answered 200 or 206 and sent whole. */
    void countAsDownload() {
        download = true;
    }

    void done(ChannelFuture lastWrite, int status, long bodyBytes) {
        if (answered) {
            throw new IllegalStateException("answered twice: " + what());
        }
        answered = true;
        lastWrite.addListener((ChannelFutureListener) f -> {
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            if (!f.isSuccess()) {
                metrics.failed();
            } else if (download && (status == 200 || status == 206)) {
                metrics.downloaded();
            }
            metrics.finished(method, status, f.isSuccess() ? bodyBytes : 0);
            if (accessLog != AccessLog.NONE) {
                accessLog.log(new AccessLog.Entry(remote(), method, uri, status, f.isSuccess() ? bodyBytes : 0, millis));
            }
            if (!keepAlive || !f.isSuccess()) {
                f.channel().close();
            }
        });
    }

    private String remote() {
        SocketAddress address = ctx.channel().remoteAddress();
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
