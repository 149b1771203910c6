package io.osimg.store.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import io.osimg.store.BlobContent;
import io.osimg.store.StoreException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * {@code count} bytes from {@code position} of an object whose channel is not a file (an S3 store's): read in
 * chunks of up to 64 KiB and written by Netty's {@code ChunkedWriteHandler} as the socket drains. That handler runs
 * on the server's store threads (see {@link ImageServer.Builder#storeThreads}), so a read waiting for the store does
 * not hold an I/O thread. Closes the content when done or dropped.
 */
final class ChannelChunks implements ChunkedInput<ByteBuf> {

    private static final int CHUNK = 64 * 1024;

    private final BlobContent content;
    private final long start;
    private final long count;
    private long sent;
    private boolean positioned;

    ChannelChunks(BlobContent content, long position, long count) {
        this.content = content;
        this.start = position;
        this.count = count;
    }

    @Override
    public boolean isEndOfInput() {
        return sent >= count;
    }

    @Override
    public void close() throws IOException {
        content.close();
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
        if (isEndOfInput()) {
            return null;
        }
        SeekableByteChannel channel = content.channel();
        if (!positioned) {
            channel.position(start);
            positioned = true;
        }
        int want = (int) Math.min(CHUNK, count - sent);
        ByteBuf buf = allocator.heapBuffer(want);
        try {
            while (buf.writerIndex() < want) {
                ByteBuffer target = buf.nioBuffer(buf.writerIndex(), want - buf.writerIndex());
                int n = channel.read(target);
                if (n > 0) {
                    buf.writerIndex(buf.writerIndex() + n);
                }
                if (n < 0) {
                    throw new StoreException("serving " + content.info().key() + ": it ended after " + (start + sent
                            + buf.writerIndex()) + " of " + content.info().size() + " bytes");
                }
            }
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
        sent += want;
        return buf;
    }

    @Override
    public long length() {
        return count;
    }

    @Override
    public long progress() {
        return sent;
    }
}
