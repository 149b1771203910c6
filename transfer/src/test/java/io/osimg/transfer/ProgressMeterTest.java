package io.osimg.transfer;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProgressMeterTest {

    private static final URI URL = URI.create("http://127.0.0.1:1/x");

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        long millis;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void throttlesSmoothsAndEstimates() {
        ManualClock clock = new ManualClock();
        List<Progress> events = new ArrayList<>();
        ProgressMeter meter = new ProgressMeter(clock, events::add, 0);

        clock.millis = 50;
        meter.update(URL, 500, 10_000, 1, 0);
        assertThat(events).isEmpty();

        clock.millis = 100;
        meter.update(URL, 1000, 10_000, 1, 0);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().bytesPerSecond()).isCloseTo(10_000, within(0.01));
        assertThat(events.getFirst().eta()).isEqualTo(Duration.ofMillis(900));

        clock.millis = 150;
        meter.update(URL, 1500, 10_000, 1, 0);
        assertThat(events).hasSize(1);

        clock.millis = 200;
        meter.update(URL, 3000, 10_000, 2, 1000);
        assertThat(events).hasSize(2);
        // 20 000 B/s measured, smoothed with 0.3 weight: 0.3 * 20000 + 0.7 * 10000
        assertThat(events.get(1).bytesPerSecond()).isCloseTo(13_000, within(0.01));
        assertThat(events.get(1).attempt()).isEqualTo(2);
        assertThat(events.get(1).resumedFrom()).isEqualTo(1000);

        clock.millis = 210;
        meter.finish(URL, 10_000, 10_000, 2, 1000);
        meter.finish(URL, 10_000, 10_000, 2, 1000);
        assertThat(events).hasSize(3);
        assertThat(events.getLast().finished()).isTrue();
        assertThat(events.getLast().eta()).isEqualTo(Duration.ZERO);
        assertThat(events.getLast().bytesDone()).isEqualTo(10_000);
    }

    @Test
    void unknownTotalHasNoEta() {
        ManualClock clock = new ManualClock();
        List<Progress> events = new ArrayList<>();
        ProgressMeter meter = new ProgressMeter(clock, events::add, 0);
        clock.millis = 1000;
        meter.update(URL, 4096, -1, 1, 0);
        assertThat(events.getFirst().eta()).isNull();
        assertThat(events.getFirst().totalBytes()).isEqualTo(-1);
    }
}
