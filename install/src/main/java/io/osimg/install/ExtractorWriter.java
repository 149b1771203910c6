package io.osimg.install;

import io.osimg.archive.extract.RootfsExtractor;
import io.osimg.archive.tar.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/** {@link RootfsWriter} over the archive's {@link RootfsExtractor}. */
final class ExtractorWriter implements RootfsWriter {

    private final RootfsExtractor.Options options;

    ExtractorWriter(Consumer<String> warnings) {
        RootfsExtractor.Options d = RootfsExtractor.Options.defaults();
        this.options = new RootfsExtractor.Options(d.maxEntrySize(), d.sameOwner(), warnings);
    }

    @Override
    public Session open(Path target) throws IOException {
        RootfsExtractor extractor = new RootfsExtractor(target, options);
        return new Session() {
            private boolean closed;

            @Override
            public void extract(TarEntry entry, InputStream content) throws IOException {
                extractor.extract(entry, content);
            }

            @Override
            public RootfsExtractor.Result finish() throws IOException {
                return extractor.finish();
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    extractor.close();
                }
            }
        };
    }

    @Override
    public void wipe(Path target) throws IOException {
        RootfsExtractor.wipe(target);
    }
}
