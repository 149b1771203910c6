package io.osimg.store.http;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * On the listening channel: a failed {@code accept} (EMFILE, ENFILE: no descriptor free) is counted, logged at most
 * once a minute, and accepting pauses for {@link #PAUSE} instead of spinning; it never ends the accepting event loop,
 * and accepting resumes by itself once descriptors are free. Not passed on: Netty's acceptor would pause a whole
 * second and the pipeline's tail would log every failure.
 */
@ChannelHandler.Sharable
final class AcceptGuard extends ChannelInboundHandlerAdapter {

    static final Duration PAUSE = Duration.ofMillis(100);
    private static final Logger LOG = Logger.getLogger(AcceptGuard.class.getName());
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongAdder failures;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    AcceptGuard(ServerMetrics metrics) {
        this.failures = metrics.counter("osimg_http_accept_errors_total",
                "Failed accepts (e.g. no file descriptor free); accepting pauses briefly and resumes.");
    }

    /**
     * Makes logging work when no descriptor is free. The first record java.util.logging formats reads the
     * time-zone database ({@code lib/tzdb.dat}); when that happens during descriptor exhaustion the class
     * initialisation fails for good, every later log call throws an {@link Error}, and an event loop that logs ends.
     * Called once when the server starts, while descriptors are free.
     */
    static void prepareLogging() {
        TimeZone.getDefault();
        ZonedDateTime.now();
        Logger.getLogger("").getHandlers();
        new SimpleFormatter().format(new LogRecord(Level.INFO, "osimg serve: logging prepared"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failures.increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warning("accepting a connection failed (pausing " + PAUSE.toMillis() + " ms; counted in "
                    + "osimg_http_accept_errors_total, logged once a minute): " + cause);
        }
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead()) {
            config.setAutoRead(false);
            ctx.channel().eventLoop().schedule(() -> config.setAutoRead(true), PAUSE.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
