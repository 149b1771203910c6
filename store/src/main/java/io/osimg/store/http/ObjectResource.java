package io.osimg.store.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.osimg.store.BlobContent;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobStore;
import io.osimg.store.StoreException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code GET}/{@code HEAD} of one object: validators, conditional requests, single and multiple ranges. Bodies of
 * files go out as {@link DefaultFileRegion}s (sendfile, no copy through the heap), one region per range, all on the
 * one descriptor opened for the request; bodies of other channels (an S3 store's) as {@link ChannelChunks}.
 */
final class ObjectResource {

    /** Bodies up to this size go out in one buffer with the headers. */
    static final int SMALL_BODY = 64 * 1024;

    private final BlobStore store;

    ObjectResource(BlobStore store) {
        this.store = store;
    }

    void handle(Exchange ex, HttpRequest request, String key) throws IOException {
        BlobContent content = store.read(key);
        boolean handedOver = false;
        try {
            handedOver = answer(ex, request, content);
        } finally {
            if (!handedOver) {
                content.close();
            }
        }
    }

    /** Answers; returns true when the content's channel now belongs to a file region (closed by Netty). */
    private boolean answer(Exchange ex, HttpRequest request, BlobContent content) throws IOException {
        BlobInfo info = content.info();
        HttpHeaders in = request.headers();
        if (Conditionals.notModified(in, info)) {
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
            validators(response, info);
            ex.prepare(response);
            ex.ctx().write(response);
            ex.done(ex.ctx().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), 304, 0);
            return false;
        }
        RangeRequest range = Conditionals.rangeAllowed(in, info)
                ? RangeRequest.parse(in.get(HttpHeaderNames.RANGE), info.size())
                : new RangeRequest.Ignored();
        return switch (range) {
            case RangeRequest.Ignored ignored -> whole(ex, content);
            case RangeRequest.Unsatisfiable unsatisfiable -> {
                ex.sendProblem(new HttpProblem(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                                "range_not_satisfiable", "no requested range overlaps " + info.key() + " ("
                                + info.size() + " bytes)"),
                        HttpHeaderNames.CONTENT_RANGE.toString(), "bytes */" + info.size());
                yield false;
            }
            case RangeRequest.Ranges ranges when ranges.ranges().size() == 1 -> single(ex, content, ranges.ranges().getFirst());
            case RangeRequest.Ranges ranges -> multiple(ex, content, ranges.ranges());
        };
    }

    private boolean whole(Exchange ex, BlobContent content) throws IOException {
        BlobInfo info = content.info();
        if (!ex.isHead() && info.size() > 0 && info.size() <= SMALL_BODY && content.channel() instanceof FileChannel file) {
            small(ex, file, info);
            return false;
        }
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        validators(response, info);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ContentTypes.of(info.key()));
        HttpUtil.setContentLength(response, info.size());
        return body(ex, response, content, 0, info.size(), 200);
    }

    /**
     * A small object (checksum files, packages.txt, manifests): read into one pooled buffer and sent with the
     * headers as one full response, one write and one flush, instead of header, file region and end separately.
     */
    private static void small(Exchange ex, FileChannel file, BlobInfo info) throws IOException {
        int size = (int) info.size();
        ByteBuf body = ex.ctx().alloc().ioBuffer(size);
        try {
            long position = 0;
            while (position < size) {
                int n = body.writeBytes(file, position, size - (int) position);
                if (n < 0) {
                    throw new StoreException("serving " + info.key() + ": it ended after " + position + " of " + size
                            + " bytes (truncated while answering)");
                }
                position += n;
            }
        } catch (IOException | RuntimeException e) {
            body.release();
            throw e;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        validators(response, info);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ContentTypes.of(info.key()));
        HttpUtil.setContentLength(response, size);
        ex.prepare(response);
        ex.done(ex.ctx().writeAndFlush(response), 200, size);
    }

    private boolean single(Exchange ex, BlobContent content, ByteRange range) {
        BlobInfo info = content.info();
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PARTIAL_CONTENT);
        validators(response, info);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ContentTypes.of(info.key()));
        response.headers().set(HttpHeaderNames.CONTENT_RANGE, range.contentRange());
        HttpUtil.setContentLength(response, range.length());
        return body(ex, response, content, range.first(), range.length(), 206);
    }

    private boolean body(Exchange ex, HttpResponse response, BlobContent content, long position, long count, int status) {
        ChannelHandlerContext ctx = ex.ctx();
        ex.prepare(response);
        ctx.write(response);
        if (ex.isHead() || count == 0) {
            ex.done(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), status, 0);
            return false;
        }
        writeRegion(ctx, region(content, position, count));
        ex.done(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), status, count);
        return true;
    }

    /**
     * {@code multipart/byteranges}, or the whole object (200) when that is not larger. A file's parts share its one
     * descriptor ({@link SharedFileRegions}); another store's parts (chunks, closed each when done) are fresh opens
     * checked to be the same object (ETag). {@link RangeRequest} bounds the parts.
     */
    private boolean multiple(Exchange ex, BlobContent content, List<ByteRange> ranges) throws IOException {
        BlobInfo info = content.info();
        String boundary = "osimg-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String type = ContentTypes.of(info.key());
        List<byte[]> heads = new ArrayList<>(ranges.size());
        long length = 0;
        for (ByteRange r : ranges) {
            byte[] head = ("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: " + r.contentRange()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            heads.add(head);
            length += head.length + r.length();
        }
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        length += tail.length;
        if (length >= info.size()) {
            return whole(ex, content);
        }

        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PARTIAL_CONTENT);
        validators(response, info);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary);
        HttpUtil.setContentLength(response, length);
        ChannelHandlerContext ctx = ex.ctx();
        if (ex.isHead()) {
            ex.prepare(response);
            ctx.write(response);
            ex.done(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), 206, 0);
            return false;
        }
        List<?> parts = content.channel() instanceof FileChannel file
                ? SharedFileRegions.of(content, file, ranges)
                : chunks(content, ranges);
        ex.prepare(response);
        ctx.write(response);
        for (int i = 0; i < ranges.size(); i++) {
            ctx.write(Unpooled.wrappedBuffer(heads.get(i)));
            writeRegion(ctx, parts.get(i));
        }
        ctx.write(Unpooled.wrappedBuffer(tail));
        ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        ex.done(last, 206, length);
        return true;
    }

    /** Chunked parts of a store whose channel is not a file: each part reads (and closes) an open of its own. */
    private List<ChannelChunks> chunks(BlobContent content, List<ByteRange> ranges) throws IOException {
        BlobInfo info = content.info();
        List<BlobContent> opens = new ArrayList<>(ranges.size());
        opens.add(content);
        try {
            for (int i = 1; i < ranges.size(); i++) {
                BlobContent again = store.read(info.key());
                opens.add(again);
                if (!again.info().equals(info)) {
                    throw new StoreException("serving ranges of " + info.key() + ": it was replaced while answering");
                }
            }
        } catch (IOException | RuntimeException e) {
            for (int i = 1; i < opens.size(); i++) {
                opens.get(i).close();
            }
            throw e;
        }
        List<ChannelChunks> parts = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            parts.add(new ChannelChunks(opens.get(i), ranges.get(i).first(), ranges.get(i).length()));
        }
        return parts;
    }

    /**
     * Writes a body region. A chunked body that fails midway (the store stopped answering) closes the connection: the
     * headers promised more bytes than will come, so the response must not look complete.
     */
    private static void writeRegion(ChannelHandlerContext ctx, Object region) {
        if (region instanceof ChannelChunks) {
            ctx.write(region).addListener(f -> {
                if (!f.isSuccess()) {
                    ctx.channel().close();
                }
            });
        } else {
            ctx.write(region);
        }
    }

    /** A file region (sendfile) for a file channel, else chunks read from the channel (an S3 store's object). */
    private static Object region(BlobContent content, long position, long count) {
        if (content.channel() instanceof FileChannel file) {
            return new DefaultFileRegion(file, position, count);
        }
        return new ChannelChunks(content, position, count);
    }

    private static void validators(HttpResponse response, BlobInfo info) {
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.ETAG, info.etag());
        h.set(HttpHeaderNames.LAST_MODIFIED, HttpDates.format(info.lastModified()));
        h.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
    }
}
