package io.osimg.store.catalog;

import io.osimg.store.BlobInfo;
import io.osimg.store.BlobKey;
import io.osimg.store.InvalidKeyException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only {@link StoreView} of a store directory ({@code osimg list --catalog DIR}): unlike opening an
 * {@link io.osimg.store.fs.FsBlobStore} it never creates or cleans anything. Symlinks and {@code .staging} are
 * skipped.
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
        List<BlobInfo> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(root.resolve(BlobKey.STAGING_DIR)) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    try {
                        String key = BlobKey.validate(root.relativize(file).toString());
                        String etag = "\"" + Long.toHexString(attrs.size()) + "-"
                                + Long.toHexString(attrs.lastModifiedTime().toMillis()) + "-" + attrs.fileKey().hashCode() + "\"";
                        files.add(new BlobInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant(), etag));
                    } catch (InvalidKeyException ignored) {
                        // a name no store key can have: not part of the store
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return files;
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
