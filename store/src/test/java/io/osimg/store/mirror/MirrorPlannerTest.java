package io.osimg.store.mirror;

import io.osimg.core.store.StoreLayout;
import io.osimg.store.ExpirationLookup;
import io.osimg.store.StoredImage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MirrorPlannerTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    static StoredImage image(String dir, long size) {
        var key = StoreLayout.parseKey(dir + "/img.tar.lz4").orElseThrow();
        return new StoredImage(key, StoreLayout.imageIdOf(key), Map.of("img.tar.lz4", size, "img.tar.lz4.md5", 0L),
                Instant.parse("2026-05-01T00:00:00Z"));
    }

    /** Nothing expires. */
    static final ExpirationLookup NEVER = i -> Optional.empty();

    static List<String> dirs(MirrorPlan p) {
        return p.keptDirectories();
    }

    private final List<StoredImage> upstream = List.of(
            image("m/20260101/debian/12", 100), image("m/20260201/debian/12", 100), image("m/20260301/debian/12", 100),
            image("m/20260110/debian/11", 100), image("m/20260210/debian/11", 100),
            image("m/20260105/ubuntu/24.04", 100), image("m/20260205/ubuntu/24.04", 100),
            image("m/20260305/ubuntu/24.04", 100), image("m/20260405/ubuntu/24.04", 100),
            image("m/20260120/firewall/3.0-ubuntu", 100), image("m/20260220/firewall/3.0-ubuntu", 100),
            image("m/stable/debian/12", 100), image("m/pull_requests/42-fix/debian/12", 100));

    @Test
    void keepsNewestNPerOsAndMajorMinor() throws IOException {
        MirrorPlan p = MirrorPlanner.plan(upstream, RetentionPolicy.defaults().withKeep(2), NOW, NEVER);
        assertThat(dirs(p)).containsExactly(
                "m/20260110/debian/11", "m/20260120/firewall/3.0-ubuntu", "m/20260201/debian/12",
                "m/20260210/debian/11", "m/20260220/firewall/3.0-ubuntu", "m/20260301/debian/12",
                "m/20260305/ubuntu/24.04", "m/20260405/ubuntu/24.04");
        assertThat(p.skipped()).extracting(s -> s.image().directory() + " " + s.reason()).containsExactlyInAnyOrder(
                "m/20260101/debian/12 OLDER", "m/20260105/ubuntu/24.04 OLDER", "m/20260205/ubuntu/24.04 OLDER",
                "m/stable/debian/12 STABLE", "m/pull_requests/42-fix/debian/12 PULL_REQUEST");
    }

    @Test
    void stableOnlyWithIncludeStableAndPullRequestsNever() throws IOException {
        MirrorPlan p = MirrorPlanner.plan(upstream, RetentionPolicy.defaults().withKeep(1).withIncludeStable(true), NOW, NEVER);
        assertThat(dirs(p)).contains("m/stable/debian/12").doesNotContain("m/pull_requests/42-fix/debian/12");
    }

    @Test
    void imagesExpiredLongerThanGraceAreSkippedAndOlderOnesTakeTheirPlace() throws IOException {
        Map<String, Instant> expiry = new HashMap<>();
        expiry.put("m/20260301/debian/12", NOW.minus(Duration.ofDays(10))); // beyond 7 days of grace
        expiry.put("m/20260201/debian/12", NOW.minus(Duration.ofDays(3)));  // within grace
        ExpirationLookup lookup = i -> Optional.ofNullable(expiry.get(i.directory()));
        MirrorPlan p = MirrorPlanner.plan(upstream, RetentionPolicy.defaults().withKeep(2).withIncludes(List.of("debian-12*")),
                NOW, lookup);
        assertThat(dirs(p)).containsExactly("m/20260101/debian/12", "m/20260201/debian/12");
        assertThat(p.skipped()).filteredOn(s -> s.reason() == MirrorPlan.Reason.EXPIRED)
                .extracting(s -> s.image().directory()).containsExactly("m/20260301/debian/12");

        MirrorPlan longGrace = MirrorPlanner.plan(upstream, RetentionPolicy.defaults().withKeep(2)
                .withIncludes(List.of("debian-12*")).withGrace(Duration.ofDays(30)), NOW, lookup);
        assertThat(dirs(longGrace)).containsExactly("m/20260201/debian/12", "m/20260301/debian/12");
    }

    @Test
    void expirationsAreLookedUpOnlyForImagesTheWalkReaches() throws IOException {
        List<String> asked = new ArrayList<>();
        MirrorPlanner.plan(upstream, RetentionPolicy.defaults().withKeep(1).withIncludes(List.of("ubuntu-*")), NOW,
                i -> {
                    asked.add(i.directory());
                    return Optional.empty();
                });
        assertThat(asked).containsExactly("m/20260405/ubuntu/24.04");
    }

    @Test
    void sizeCapDropsOldestFirstButNeverTheNewestOfAnOs() throws IOException {
        List<StoredImage> up = List.of(
                image("m/20260101/debian/12", 100), image("m/20260301/debian/12", 100),
                image("m/20260201/debian/11", 100), image("m/20251201/ubuntu/24.04", 100),
                image("m/20260401/ubuntu/22.04", 100));
        MirrorPlan p = MirrorPlanner.plan(up, RetentionPolicy.defaults().withKeep(5).withMaxSize(300), NOW, NEVER);
        // the newest (highest version) of each OS is protected: debian-12.0.20260301 and ubuntu-24.04.20251201,
        // although the latter is the oldest release; then the oldest others go first until 300 bytes fit
        assertThat(dirs(p)).containsExactly("m/20251201/ubuntu/24.04", "m/20260301/debian/12", "m/20260401/ubuntu/22.04");
        assertThat(p.skipped()).extracting(s -> s.image().directory() + " " + s.reason())
                .containsExactly("m/20260101/debian/12 SIZE_CAP", "m/20260201/debian/11 SIZE_CAP");
        assertThat(p.totalSize()).isEqualTo(300);
        assertThat(p.overCap()).isFalse();

        MirrorPlan tiny = MirrorPlanner.plan(up, RetentionPolicy.defaults().withKeep(5).withMaxSize(50), NOW, NEVER);
        assertThat(dirs(tiny)).containsExactly("m/20251201/ubuntu/24.04", "m/20260301/debian/12");
        assertThat(tiny.overCap()).isTrue();
    }

    @Test
    void includeAndExcludeGlobsMatchIdsDirectoriesAndKeys() throws IOException {
        RetentionPolicy keepAll = RetentionPolicy.defaults().withKeep(10);
        MirrorPlan byId = MirrorPlanner.plan(upstream, keepAll.withIncludes(List.of("firewall-*")), NOW, NEVER);
        assertThat(dirs(byId)).containsExactly("m/20260120/firewall/3.0-ubuntu", "m/20260220/firewall/3.0-ubuntu");

        MirrorPlan byDir = MirrorPlanner.plan(upstream, keepAll.withExcludes(List.of("m/*/ubuntu/**", "debian-11.*")),
                NOW, NEVER);
        assertThat(dirs(byDir)).containsExactly("m/20260101/debian/12", "m/20260120/firewall/3.0-ubuntu",
                "m/20260201/debian/12", "m/20260220/firewall/3.0-ubuntu", "m/20260301/debian/12");
        assertThat(byDir.skipped()).filteredOn(s -> s.reason() == MirrorPlan.Reason.FILTERED).hasSize(6)
                .allSatisfy(s -> assertThat(s.detail()).startsWith("excluded by"));

        MirrorPlan byKey = MirrorPlanner.plan(upstream, keepAll.withIncludes(List.of("**/20260301/**/img.tar.lz4")),
                NOW, NEVER);
        assertThat(dirs(byKey)).containsExactly("m/20260301/debian/12");
    }

    @Test
    void badPolicyIsRejectedAtTheEdge() {
        assertThatThrownBy(() -> RetentionPolicy.defaults().withKeep(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keep");
        assertThatThrownBy(() -> RetentionPolicy.defaults().withExcludes(List.of("[a"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[a");
    }
}
