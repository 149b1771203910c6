package io.osimg.store.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.store.StoreKey;
import io.osimg.core.store.StoreLayout;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing a staged image directory: readers see the old or the new image, never none; releases stay. */
class StagingAreaTest {

    private static final int REPLACEMENTS = 200;

    @TempDir
    Path base;

    @Test
    void readersNeverMissAStableImageWhileItIsReplaced() throws Exception {
        Path store = base.resolve("images");
        Path target = store.resolve("stable/debian/13");
        publish(store, target, 0);
        Path md5 = target.resolve("img.tar.lz4.md5");
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        AtomicLong misses = new AtomicLong();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                try {
                    if (!Files.readString(md5).startsWith("md5 of build ")) {
                        misses.incrementAndGet();
                    }
                } catch (IOException e) {
                    misses.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        });
        try {
            for (int i = 1; i <= REPLACEMENTS; i++) {
                publish(store, target, i);
            }
        } finally {
            done.set(true);
            reader.join();
        }
        assertThat(reads.get()).isPositive();
        assertThat(misses.get()).as(misses + " of " + reads + " reads found no image during " + REPLACEMENTS
                + " replacements").isZero();
        assertThat(md5).hasContent("md5 of build " + REPLACEMENTS);
        assertThat(store.resolve(".staging")).as("the replaced images are deleted").doesNotExist();
    }

    @Test
    void aReleaseIsNeverReplacedNotEvenAnEmptyDirectory() throws Exception {
        Path store = base.resolve("images");
        Path release = store.resolve("20261202/debian/13");
        publish(store, release, 1);
        try (StagingArea staging = StagingArea.open(store, key(store, release), "build")) {
            Files.writeString(staging.dir().resolve("img.tar.lz4.md5"), "md5 of build 2");
            assertThatThrownBy(staging::publish).isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining("releases are immutable");
        }
        assertThat(release.resolve("img.tar.lz4.md5")).hasContent("md5 of build 1");

        Path empty = Files.createDirectories(store.resolve("20261203/debian/13"));
        try (StagingArea staging = StagingArea.open(store, key(store, empty), "build")) {
            Files.writeString(staging.dir().resolve("img.tar.lz4.md5"), "md5 of build 3");
            assertThatThrownBy(staging::publish).isInstanceOf(FileAlreadyExistsException.class);
        }
        try (Stream<Path> s = Files.list(empty)) {
            assertThat(s).isEmpty();
        }
    }

    private static void publish(Path store, Path target, int build) throws IOException {
        try (StagingArea staging = StagingArea.open(store, key(store, target), "build")) {
            Files.writeString(staging.dir().resolve("img.tar.lz4"), "image of build " + build);
            Files.writeString(staging.dir().resolve("img.tar.lz4.md5"), "md5 of build " + build);
            staging.publish();
        }
    }

    private static StoreKey key(Path store, Path imageDir) {
        return StoreLayout.parseKey(store.relativize(imageDir) + "/img.tar.lz4").orElseThrow();
    }
}
