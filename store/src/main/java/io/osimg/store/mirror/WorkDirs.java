package io.osimg.store.mirror;

import io.osimg.archive.staging.Staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Chores on the mirror's work directories under the store's partial area (never follows symlinks). */
final class WorkDirs {

    private WorkDirs() {
    }

    /** Deletes a work directory and everything in it; nothing when it does not exist. */
    static void delete(Path dir) throws IOException {
        Staging.deleteTree(dir);
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
