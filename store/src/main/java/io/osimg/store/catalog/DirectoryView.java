package io.osimg.store.catalog;

import io.osimg.store.BlobInfo;
import io.osimg.store.BlobKey;
import io.osimg.store.fs.FsBlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A read-only {@link StoreView} of a store directory ({@code osimg list --catalog DIR}): unlike opening an
 * {@link FsBlobStore} it never creates or cleans anything; it lists like one ({@link FsBlobStore#listDirectory}:
 * same keys and ETags, symlinks and {@code .staging} skipped).
 */
public final class DirectoryView implements StoreView {

    private final Path root;

    public DirectoryView(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public List<BlobInfo> files() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "not a store directory");
        }
        return FsBlobStore.listDirectory(root, "");
    }

    @Override
    public String readText(String key, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(root.resolve(BlobKey.validate(key)), LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(maxBytes), StandardCharsets.UTF_8);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
