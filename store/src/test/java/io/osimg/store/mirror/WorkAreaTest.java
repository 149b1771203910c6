package io.osimg.store.mirror;

import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.s3.S3BlobStore;
import io.osimg.store.s3.S3Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where partial downloads live for each kind of target (no request is sent: the bucket is never contacted). */
class WorkAreaTest {

    @TempDir
    Path base;

    private static S3BlobStore bucket() {
        return S3BlobStore.builder(S3Location.parse("s3://images/metal-os")).endpoint(URI.create("http://127.0.0.1:1"))
                .credentials("id", "secret").build();
    }

    @Test
    void aDirectoryStoreKeepsPartialsInItsStaging() throws Exception {
        try (FsBlobStore store = new FsBlobStore(base.resolve("store"))) {
            WorkArea area = WorkArea.of(store, null);
            assertThat(area.open()).isEqualTo(store.partialDirectory());
            area.close();
            assertThat(store.partialDirectory().getParent()).isDirectory();
        }
    }

    @Test
    void aBucketWithoutWorkDirectoryGetsATemporaryDirectoryRemovedAtTheEndOfTheRound() throws Exception {
        try (S3BlobStore store = bucket()) {
            WorkArea area = WorkArea.of(store, null);
            Path root = area.open();
            Files.writeString(Files.createDirectories(root.resolve("image")).resolve("img.tar.lz4.part"), "partial");
            area.close();
            assertThat(root).doesNotExist();
            Path next = area.open();
            assertThat(next).isNotEqualTo(root).isEmptyDirectory();
            area.close();
            assertThat(next).doesNotExist();
        }
    }

    @Test
    void aWorkDirectoryKeepsPartialsBetweenRounds() throws Exception {
        try (S3BlobStore store = bucket()) {
            WorkArea area = WorkArea.of(store, base.resolve("work"));
            Path root = area.open();
            assertThat(root).isEqualTo(base.resolve("work/partial"));
            Path part = Files.writeString(Files.createDirectories(root.resolve("image")).resolve("img.tar.lz4.part"), "partial");
            area.close();
            assertThat(part).hasContent("partial");
        }
    }
}
