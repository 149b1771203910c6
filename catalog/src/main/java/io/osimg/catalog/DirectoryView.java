package io.osimg.catalog;

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
import java.util.Comparator;
import java.util.List;

/**
 * A read-only {@link StoreView} of a store directory ({@code osimg list --catalog DIR}): it never creates or cleans
 * anything. Regular files only (symbolic links are not followed), {@code .staging} at the root is skipped, keys are
 * sorted; the ETag is made of size, modification time and inode, as a directory store's.
 */
public final class DirectoryView implements StoreView<StoreObject> {

    /** The store's work directory, never part of the catalog. */
    static final String STAGING_DIR = ".staging";

    private final Path root;

    public DirectoryView(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public List<StoreObject> files() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "not a store directory");
        }
        Path staging = root.resolve(STAGING_DIR);
        List<StoreObject> result = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(staging) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    try {
                        result.add(StoreObject.Listed.ofFile(root.relativize(file).toString(), Files.readAttributes(file,
                                "unix:size,lastModifiedTime,ino", LinkOption.NOFOLLOW_LINKS)));
                    } catch (NoSuchFileException gone) {
                        // deleted while listing
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
        result.sort(Comparator.comparing(StoreObject::key));
        return result;
    }

    @Override
    public String readText(String key, int maxBytes) throws IOException {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IOException("key " + key + " is outside the store " + root);
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(maxBytes), StandardCharsets.UTF_8);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
