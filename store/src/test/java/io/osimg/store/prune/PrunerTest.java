package io.osimg.store.prune;

import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrunerTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path root;

    /** Writes an image directory; {@code expires} null means no manifest (release date + 90 days applies). */
    private void image(String dir, String id, String expires) throws IOException {
        Path d = root.resolve(dir);
        Files.createDirectories(d);
        Files.writeString(d.resolve("img.tar.lz4"), "bytes of " + dir);
        Files.writeString(d.resolve("img.tar.lz4.md5"), "0".repeat(32) + "  img.tar.lz4\n");
        if (expires != null) {
            Files.writeString(d.resolve("manifest.json"), "{\"id\":\"" + id + "\",\"expirationDate\":\"" + expires + "\"}");
        }
    }

    private void fixture() throws IOException {
        image("m/20260101/debian/12", "debian-12.0.20260101", "2026-03-01T00:00:00Z");   // expired, unused -> deleted
        image("m/20260201/debian/12", "debian-12.0.20260201", "2026-04-01T00:00:00Z");   // expired, in use -> kept
        image("m/20260301/debian/12", "debian-12.0.20260301", "2026-05-01T00:00:00Z");   // expired, newest debian -> kept
        image("m/20260115/ubuntu/24.04", "ubuntu-24.04.20260115", null);                 // 2026-04-15: expired, unused -> deleted
        image("m/20260515/ubuntu/22.04", "ubuntu-22.04.20260515", null);                 // not expired -> kept
        image("m/20260520/ubuntu/24.04", "ubuntu-24.04.20260520", "2027-01-01T00:00:00Z"); // newest ubuntu, not expired
        image("m/20251201/firewall/3.0-ubuntu", "firewall-ubuntu-3.0.20251201", "2026-01-01T00:00:00Z"); // only firewall: newest
        image("m/stable/debian/12", "debian-12.0", "2026-01-01T00:00:00Z");               // stable: left alone
    }

    private List<String> imageDirs() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("img.tar.lz4"))
                    .map(p -> root.relativize(p.getParent()).toString()).sorted().toList();
        }
    }

    @Test
    void deletesExpiredUnusedImagesKeepsInUseAndNewestPerOs() throws IOException {
        fixture();
        try (FsBlobStore store = new FsBlobStore(root)) {
            Pruner pruner = new Pruner(store);
            InUseList inUse = InUseList.parse("# allocated\nubuntu-22.04.20260101\ndebian-12.0.20260201\n", "in-use.txt");
            PrunePlan plan = pruner.plan("", 1, inUse, NOW);
            assertThat(plan.decisions()).extracting(d -> d.image().directory() + " " + d.reason()).containsExactly(
                    "m/20251201/firewall/3.0-ubuntu NEWEST",
                    "m/20260101/debian/12 EXPIRED",
                    "m/20260115/ubuntu/24.04 EXPIRED",
                    "m/20260201/debian/12 IN_USE",
                    "m/20260301/debian/12 NEWEST",
                    "m/20260515/ubuntu/22.04 NOT_EXPIRED",
                    "m/20260520/ubuntu/24.04 NOT_EXPIRED",
                    "m/stable/debian/12 NOT_A_RELEASE");
            assertThat(pruner.apply(plan)).containsExactly("m/20260101/debian/12", "m/20260115/ubuntu/24.04");
        }
        assertThat(imageDirs()).containsExactly("m/20251201/firewall/3.0-ubuntu", "m/20260201/debian/12",
                "m/20260301/debian/12", "m/20260515/ubuntu/22.04", "m/20260520/ubuntu/24.04", "m/stable/debian/12");
        // the emptied release directories are gone too, and nothing is left in staging
        assertThat(root.resolve("m/20260101")).doesNotExist();
        assertThat(root.resolve("m/20260115")).doesNotExist();
        try (Stream<Path> s = Files.list(root.resolve(".staging"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void keepNProtectsTheNewestNPerOs() throws IOException {
        fixture();
        try (FsBlobStore store = new FsBlobStore(root)) {
            PrunePlan plan = new Pruner(store).plan("", 3, InUseList.none(), NOW);
            assertThat(plan.deletions()).isEmpty();
            PrunePlan two = new Pruner(store).plan("", 2, InUseList.none(), NOW);
            // ubuntu by version: 24.04.20260520, 24.04.20260115 (now protected), 22.04.20260515
            assertThat(two.deletions()).extracting(i -> i.directory()).containsExactly("m/20260101/debian/12");
        }
    }

    @Test
    void dryRunIsJustThePlanAndChangesNothing() throws IOException {
        fixture();
        List<String> before = imageDirs();
        try (FsBlobStore store = new FsBlobStore(root)) {
            PrunePlan plan = new Pruner(store).plan("", 1, InUseList.none(), NOW);
            assertThat(plan.deletions()).hasSize(3);
        }
        assertThat(imageDirs()).isEqualTo(before);
        assertThat(Files.readString(root.resolve("m/20260101/debian/12/img.tar.lz4"), StandardCharsets.UTF_8))
                .isEqualTo("bytes of m/20260101/debian/12");
    }

    @Test
    void inUseListAcceptsLinesAndJsonListsOfIdsOrObjects() {
        assertThat(InUseList.parse("[\"debian-12.0.20260201\", {\"id\": \"ubuntu-24.4.20260520\"}]", "x.json").ids())
                .extracting(Object::toString).containsExactly("debian-12.0.20260201", "ubuntu-24.4.20260520");
        InUseList l = InUseList.parse("[{\"id\": \"ubuntu-24.4.20260520\"}]", "x.json");
        assertThat(l.contains(io.osimg.core.image.ImageId.parse("ubuntu-24.04.20260520"))).isTrue();
        assertThat(l.contains(io.osimg.core.image.ImageId.parse("ubuntu-24.04.20260521"))).isFalse();
        assertThatThrownBy(() -> InUseList.parse("[42]", "bad.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("entry 0");
        assertThatThrownBy(() -> InUseList.parse("debian\n", "bad.txt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.txt").hasMessageContaining("debian");
    }
}
