package io.osimg.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImageLifetimeTest {

    private static final Instant JANUARY = Instant.parse("2026-01-15T00:00:00Z");
    private static final Instant COPIED = Instant.parse("2026-12-01T10:00:00Z");

    private static ImageManifest manifest(String json) {
        return ImageManifest.fromJson(json);
    }

    @Test
    void aReleaseWithoutManifestWasCreatedOnItsReleaseDate() {
        ImageLifetime l = ImageLifetime.of(null, JANUARY, COPIED);
        assertThat(l.created()).isEqualTo(JANUARY);
        assertThat(l.expires()).isEqualTo(Instant.parse("2026-04-15T00:00:00Z"));
    }

    @Test
    void aStableBuildWithoutManifestWasCreatedAtItsFileTime() {
        ImageLifetime l = ImageLifetime.of(null, null, COPIED);
        assertThat(l.created()).isEqualTo(COPIED);
        assertThat(l.expires()).isEqualTo(Instant.parse("2027-03-01T10:00:00Z"));
        assertThat(ImageLifetime.of(null, null, null)).isEqualTo(new ImageLifetime(null, null));
    }

    @Test
    void theManifestWins() {
        ImageManifest created = manifest("{\"id\":\"debian-12.0.20260115\",\"created\":\"2026-01-16T08:00:00Z\"}");
        assertThat(ImageLifetime.of(created, JANUARY, COPIED)).isEqualTo(new ImageLifetime(
                Instant.parse("2026-01-16T08:00:00Z"), Instant.parse("2026-04-16T08:00:00Z")));
        ImageManifest dated = manifest("{\"id\":\"debian-12.0.20260115\",\"expirationDate\":\"2027-01-01T00:00:00Z\"}");
        assertThat(ImageLifetime.of(dated, JANUARY, COPIED)).isEqualTo(new ImageLifetime(
                JANUARY, Instant.parse("2027-01-01T00:00:00Z")));
    }
}
