package io.osimg.store.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Chores on the mirror's work directories under the store's partial area (never follows symlinks). */
final class WorkDirs {

    private WorkDirs() {
    }

    /** Deletes a work directory and everything in it; nothing when it does not exist. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    /** The work directories present under {@code partialRoot}. */
    static List<Path> list(Path partialRoot) throws IOException {
        if (!Files.isDirectory(partialRoot)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(partialRoot)) {
            return s.toList();
        }
    }
}
