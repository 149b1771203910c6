package io.osimg.install;

import io.osimg.archive.tar.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Writes the entries of a root filesystem tar onto a target directory and removes them again when the image
 * turns out bad. {@link #rootfs()} is the real one (the archive's {@code RootfsExtractor}).
 */
public interface RootfsWriter {

    /** One extraction onto one target. */
    interface Session {
        void extract(TarEntry entry, InputStream content) throws IOException;

        /** Applies what must come last (directory times and modes); returns what was written. */
        ExtractStats finish() throws IOException;
    }

    Session open(Path target) throws IOException;

    /** Removes everything below {@code target}, keeping {@code target} itself. */
    void wipe(Path target) throws IOException;

    /** What an extraction wrote. */
    record ExtractStats(long entries, long files, long bytes, long directories, long links) {
    }
}
