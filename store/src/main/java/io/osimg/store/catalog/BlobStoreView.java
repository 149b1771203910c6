package io.osimg.store.catalog;

import io.osimg.catalog.StoreView;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** A {@link StoreView} of a {@link BlobStore} (what the server scans). */
public final class BlobStoreView implements StoreView<BlobInfo> {

    private final BlobStore store;

    public BlobStoreView(BlobStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public List<BlobInfo> files() throws IOException {
        return store.list("");
    }

    @Override
    public String readText(String key, int maxBytes) throws IOException {
        try (InputStream in = store.open(key)) {
            return new String(in.readNBytes(maxBytes), StandardCharsets.UTF_8);
        }
    }

    @Override
    public OptionalLong changeStamp(Set<String> imageDirs) throws IOException {
        Optional<Path> root = store.localRoot();
        return root.isPresent() ? OptionalLong.of(DirectoryStamp.of(root.get(), imageDirs)) : OptionalLong.empty();
    }

    @Override
    public String describe() {
        return store.toString();
    }
}
