package io.osimg.install;

import io.osimg.archive.extract.RootfsExtractor;
import io.osimg.archive.tar.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes the entries of a root filesystem tar onto a target directory and removes them again when the image
 * turns out bad. {@link #rootfs()} is the real one (the archive's {@code RootfsExtractor}).
 */
public interface RootfsWriter {

    /** The archive's {@code RootfsExtractor} with its default options, warnings (e.g. xattrs not kept) to {@code warnings}. */
    static RootfsWriter rootfs(Consumer<String> warnings) {
        return new ExtractorWriter(warnings);
    }

    /** One extraction onto one target. */
    interface Session extends AutoCloseable {
        void extract(TarEntry entry, InputStream content) throws IOException;

        /** Applies what must come last (directory times and modes); returns what was written. */
        RootfsExtractor.Result finish() throws IOException;

        /** Releases what the session holds; after a failure, without applying deferred metadata. */
        @Override
        void close();
    }

    Session open(Path target) throws IOException;

    /** Removes everything below {@code target}, keeping {@code target} itself. */
    void wipe(Path target) throws IOException;
}
