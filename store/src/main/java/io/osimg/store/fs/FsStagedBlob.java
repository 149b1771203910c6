package io.osimg.store.fs;

import io.osimg.store.BlobInfo;
import io.osimg.store.StagedBlob;
import io.osimg.store.StoreException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A file in the staging directory; {@link #publish()} fsyncs it and hands it to a publisher. */
final class FsStagedBlob implements StagedBlob {

    /** Moves the finished staged file into place. */
    @FunctionalInterface
    interface Publisher {
        BlobInfo publish(String key, Path staged) throws IOException;
    }

    private final String key;
    private final Path file;
    private final Publisher publisher;
    private FileChannel channel;
    private long size;
    private boolean done;

    FsStagedBlob(String key, Path file, Publisher publisher) throws IOException {
        this.key = key;
        this.file = file;
        this.publisher = publisher;
        try {
            Files.createDirectories(file.getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException("staging " + key + " at " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String key() {
        return key;
    }

    /** The staged file. */
    Path file() {
        return file;
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        if (done) {
            throw new IllegalStateException("staged object " + key + " is already published or discarded");
        }
        try {
            while (buffer.hasRemaining()) {
                size += channel.write(buffer);
            }
        } catch (IOException e) {
            throw new StoreException("writing staged " + key + " to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long size() {
        return size;
    }

    /** Flushes to disk and closes the file without publishing (transactions publish the whole directory). */
    void finish() throws IOException {
        if (channel.isOpen()) {
            try {
                channel.force(true);
            } catch (IOException e) {
                throw new StoreException("syncing staged " + key + " at " + file + ": " + e.getMessage(), e);
            } finally {
                channel.close();
            }
        }
    }

    @Override
    public BlobInfo publish() throws IOException {
        if (done) {
            throw new IllegalStateException("staged object " + key + " is already published or discarded");
        }
        finish();
        BlobInfo info = publisher.publish(key, file);
        done = true;
        return info;
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        channel.close();
        Files.deleteIfExists(file);
    }
}
