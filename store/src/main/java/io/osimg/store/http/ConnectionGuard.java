package io.osimg.store.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The limits of one connection (see {@link Connections}): admitted or refused with a 503 when it opens; closed when
 * its request head is not complete within the header timeout (a 408 first), or when a kept-alive connection sends
 * no next request within the idle timeout. Two handlers: {@link #bytes()} before the HTTP codec sees the first byte
 * of a head, {@link #messages()} after it sees complete request heads and the ends of responses. All state but
 * {@link #evict()} lives on the connection's event loop.
 */
final class ConnectionGuard {

    private final Connections connections;
    private Channel channel;
    /** The context of {@link #bytes()}: answers written there bypass the codec. */
    private ChannelHandlerContext below;
    private boolean admitted;
    /** Request heads decoded and responses ended (an informational 100 does not end one). */
    private int requests;
    private int responses;
    /** Bytes of a next request head have arrived (a new connection counts as having started its first). */
    private boolean headStarted;
    /** Place in the eviction order while waiting for a head, else -1. */
    private long place = -1;
    private ScheduledFuture<?> deadline;

    ConnectionGuard(Connections connections) {
        this.connections = connections;
    }

    /** Before the codec: admission, the first byte of a head, close. */
    ChannelHandler bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                channel = ctx.channel();
                below = ctx;
                if (!connections.admit()) {
                    answerAndClose(ctx, ErrorMapper.tooManyConnections(connections.max()), "Retry-After", "1");
                    return;
                }
                admitted = true;
                headStarted = true;
                await(connections.headerTimeout());
                ctx.fireChannelActive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!admitted) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                if (requests == responses && !headStarted) {
                    headStarted = true;
                    schedule(connections.headerTimeout()); // the idle wait is over; now the head must come in time
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                if (admitted) {
                    admitted = false;
                    stopWaiting();
                    connections.closed();
                }
                ctx.fireChannelInactive();
            }
        };
    }

    /** After the codec: complete request heads and ends of responses. */
    ChannelHandler messages() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    requests++;
                    headStarted = false;
                    stopWaiting();
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse r
                        && r.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
                    ChannelPromise p = promise.unvoid();
                    p.addListener(f -> responseEnded());
                    ctx.write(msg, p);
                } else {
                    ctx.write(msg, promise);
                }
            }
        };
    }

    /**
     * Loads what admitting, refusing and timing out a connection needs, while descriptors are free: under descriptor
     * exhaustion loading a class from a directory of the class path fails, and a failed resolution sticks.
     */
    static void preload(Connections connections) {
        ConnectionGuard guard = new ConnectionGuard(connections);
        guard.bytes();
        guard.messages();
        ErrorMapper.tooManyConnections(1).closingResponse("Retry-After", "1");
        ErrorMapper.requestTimeout(connections.headerTimeout()).closingResponse();
    }

    /** Closes this connection to make room for a new one (any thread). */
    void evict() {
        channel.close();
    }

    private void responseEnded() {
        responses++;
        if (responses == requests && admitted && channel.isActive()) {
            await(connections.idleTimeout());
        }
    }

    /** Waits for a request head (evictable) until {@code timeout}. */
    private void await(Duration timeout) {
        stopWaiting();
        place = connections.waiting(this);
        schedule(timeout);
    }

    private void schedule(Duration timeout) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        deadline = channel.eventLoop().schedule(this::expired, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void stopWaiting() {
        if (place >= 0) {
            connections.notWaiting(place);
            place = -1;
        }
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expired() {
        deadline = null;
        if (place < 0 || !channel.isActive()) {
            return;
        }
        connections.timedOut();
        if (headStarted) {
            answerAndClose(below, ErrorMapper.requestTimeout(connections.headerTimeout()));
        } else {
            channel.close(); // an idle kept-alive connection ends without a word
        }
    }

    /** Writes a complete answer below the codec (nothing of this connection's HTTP state matters any more), closes. */
    private static void answerAndClose(ChannelHandlerContext ctx, HttpProblem problem, String... headerPairs) {
        ByteBuf answer = Unpooled.wrappedBuffer(problem.closingResponse(headerPairs));
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }
}
