package io.osimg.store.fs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Directory tree chores of the filesystem store; never follow symlinks. */
final class FileTrees {

    private FileTrees() {
    }

    static void atomicMove(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Hard-links into {@code into} every regular file of {@code from} (recursively) that {@code into} does not have,
     * creating directories as needed. Symlinks are skipped.
     */
    static void linkMissing(Path from, Path into) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path mirror = into.resolve(from.relativize(dir).toString());
                if (!Files.exists(mirror, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(mirror);
                } else if (!Files.isDirectory(mirror, LinkOption.NOFOLLOW_LINKS)) {
                    return FileVisitResult.SKIP_SUBTREE; // the transaction replaces it with a file
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path mirror = into.resolve(from.relativize(file).toString());
                if (attrs.isRegularFile() && !Files.exists(mirror, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createLink(mirror, file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
