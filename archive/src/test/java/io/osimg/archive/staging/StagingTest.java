package io.osimg.archive.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claims, recovery and publishing in a store's staging directory (claims of other processes: cli's BuildStagingOwnershipIT). */
class StagingTest {

    private static final String DEAD = "build-7d4c2b1a-9e8f-4a6b-8c5d-3e2f1a0b9c8d";

    @TempDir
    Path store;

    @Test
    void recoveryDeletesClaimsWithAFreeLockAndKeepsLiveOnesPartialAndUnknownNames() throws IOException {
        Staging staging = Staging.open(store);
        Path dead = Files.createDirectories(staging.path().resolve(DEAD + "/sub"));
        Files.writeString(dead.resolve("img.tar.lz4"), "half");
        Files.writeString(staging.path().resolve(DEAD + ".lock"), "");
        Files.createDirectories(staging.path().resolve("partial/x"));
        Files.writeString(staging.path().resolve("notes.txt"), "mine");
        Files.createDirectories(staging.path().resolve("tx-1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b")); // no lock: not ours to judge

        try (StagingClaim live = staging.claim("store")) {
            Files.writeString(live.dir().resolve("upload.part"), "in progress");
            assertThat(Staging.open(store).recover()).isEmpty(); // the dead one went with the open
            assertThat(names(staging.path())).containsExactlyInAnyOrder("partial", "notes.txt",
                    "tx-1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b", live.dir().getFileName().toString(),
                    live.dir().getFileName() + ".lock");
            assertThat(live.dir().resolve("upload.part")).hasContent("in progress");
        }
        assertThat(names(staging.path())).containsExactlyInAnyOrder("partial", "notes.txt",
                "tx-1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b");
    }

    @Test
    void publishRenamesANewDirectoryAndExchangesAnExistingOne() throws IOException {
        Staging staging = Staging.open(store);
        Path target = Files.createDirectories(store.resolve("stable/debian")).resolve("13");
        try (StagingClaim first = staging.claim("build")) {
            Files.writeString(first.dir().resolve("img.tar.lz4.md5"), "one");
            assertThat(Staging.publish(first.dir(), target, true)).isFalse();
        }
        try (StagingClaim second = staging.claim("build")) {
            Files.writeString(second.dir().resolve("img.tar.lz4.md5"), "two");
            assertThat(Staging.publish(second.dir(), target, true)).isTrue();
            assertThat(second.dir()).as("the replaced directory is deleted").doesNotExist();
        }
        assertThat(target.resolve("img.tar.lz4.md5")).hasContent("two");
        try (StagingClaim third = staging.claim("build")) {
            Files.writeString(third.dir().resolve("img.tar.lz4.md5"), "three");
            assertThatThrownBy(() -> Staging.publish(third.dir(), target, false)).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(third.dir().resolve("img.tar.lz4.md5")).hasContent("three");
        }
        assertThat(target.resolve("img.tar.lz4.md5")).hasContent("two");
        assertThat(names(staging.path())).isEmpty();
    }

    @Test
    void aSymlinkInPlaceOfStagingIsRefused() throws IOException {
        Path elsewhere = Files.createDirectories(store.resolve("elsewhere"));
        Files.createSymbolicLink(store.resolve(".staging"), elsewhere);
        assertThatThrownBy(() -> Staging.open(store)).hasMessageContaining(".staging").hasMessageContaining("symbolic link");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
