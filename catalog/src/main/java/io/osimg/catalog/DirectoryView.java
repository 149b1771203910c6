package io.osimg.catalog;

import io.osimg.core.store.StoreLayout;

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
import java.util.function.Function;

/**
 * A read-only {@link StoreView} of a store directory ({@code osimg list --catalog DIR}): it never creates or cleans
 * anything. Regular files only (symbolic links are not followed), {@code .staging} at the root is skipped, keys are
 * sorted; the ETag is made of size, modification time and inode, as a directory store's.
 */
public final class DirectoryView implements StoreView<StoreObject> {

    private final Path root;

    public DirectoryView(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public List<StoreObject> files() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "not a store directory");
        }
        return new ArrayList<StoreObject>(walk(root, root, file -> root.relativize(file).toString()));
    }

    /**
     * Every regular file below {@code start}, a directory of the store at {@code root}, with its size, time and ETag
     * ({@link StoreObject.Listed#ofFile}), sorted by key: the one walk of a store directory, for the catalog and the
     * filesystem store. The store's {@code .staging} is skipped, and so is a file whose key {@code keyOf} gives as
     * null; a file deleted while walking is left out. Symbolic links are not followed.
     */
    public static List<StoreObject.Listed> walk(Path root, Path start, Function<Path, String> keyOf) throws IOException {
        Path staging = root.resolve(StoreLayout.STAGING_DIRECTORY);
        List<StoreObject.Listed> result = new ArrayList<>();
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(staging) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String key = attrs.isRegularFile() ? keyOf.apply(file) : null;
                if (key != null) {
                    try {
                        result.add(StoreObject.Listed.ofFile(key, Files.readAttributes(file,
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
