package io.osimg.install.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path named by the image (boot-info.yaml's kernel and initrd) inside the target root, one component
 * at a time, as the image would see it when running: an absolute symbolic link starts again at the root of the
 * image, never at the installer's. A {@code ..} that would climb above the root, by itself or through a link,
 * is rejected, as is a chain of more than 40 links.
 */
public final class ImagePath {

    private static final int MAX_LINKS = 40;

    private ImagePath() {
    }

    /**
     * The regular file {@code path} names inside {@code root}, as a path below {@code root} without symbolic links.
     *
     * @param what what the path is, for messages ({@code kernel})
     * @throws IOException naming {@code path} when it escapes, is missing or is not a regular file
     */
    public static Path resolveFile(Path root, String path, String what) throws IOException {
        Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (done.isEmpty()) {
                    throw problem(root, path, what, "escapes the image root");
                }
                done.removeLast();
                continue;
            }
            Path here = join(root, done).resolve(name);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(here, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                throw problem(root, path, what, "does not exist (" + root.relativize(here) + " is missing)");
            }
            if (attrs.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw problem(root, path, what, "has more than " + MAX_LINKS + " symbolic links");
                }
                String target = Files.readSymbolicLink(here).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                String[] parts = target.split("/");
                for (int i = parts.length - 1; i >= 0; i--) {
                    todo.addFirst(parts[i]);
                }
            } else {
                if (!todo.isEmpty() && !attrs.isDirectory()) {
                    throw problem(root, path, what, root.relativize(here) + " is not a directory");
                }
                done.add(name);
            }
        }
        Path file = join(root, done);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw problem(root, path, what, "is not a regular file");
        }
        return file;
    }

    private static Path join(Path root, List<String> names) {
        Path p = root;
        for (String n : names) {
            p = p.resolve(n);
        }
        return p;
    }

    private static IOException problem(Path root, String path, String what, String reason) {
        return new IOException(root.resolve("etc/metal/boot-info.yaml") + ": " + what + " " + path + " " + reason);
    }
}
