package io.osimg.transfer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void pausesDoubleUntilTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(3), 0, () -> 0.7);
        assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(1000));
        assertThat(b.delay(4)).isEqualTo(Duration.ofMillis(2000));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.delay(500)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void jitterShortensByAtMostItsFraction() {
        assertThat(new Backoff(Duration.ofMillis(400), Duration.ofSeconds(10), 0.25, () -> 0.0).delay(2))
                .isEqualTo(Duration.ofMillis(800));
        assertThat(new Backoff(Duration.ofMillis(400), Duration.ofSeconds(10), 0.25, () -> 0.5).delay(2))
                .isEqualTo(Duration.ofMillis(700));
        Random random = new Random(7);
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5, random::nextDouble);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration d = b.delay(3);
            assertThat(d).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            seen.add(d);
        }
        assertThat(seen).hasSizeGreaterThan(100);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO, 1.5, () -> 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 0, () -> 0);
        assertThatThrownBy(() -> b.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
