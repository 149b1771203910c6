package io.osimg.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The one progress renderer of the command line, on a clock the test moves. */
class TerminalProgressTest {

    private static final long SECOND = 1_000_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1000 * SECOND);

    private String printed() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return s;
    }

    @Test
    void drawsMeasuredRateAndEtaAtMostTenTimesASecond() {
        TerminalProgress p = new TerminalProgress(err, true, now::get);
        p.started("build");
        now.addAndGet(2 * SECOND);
        p.progress("build", 4 << 20, 10 << 20);
        assertThat(printed()).isEqualTo("\rbuild 4.0 MiB / 10.0 MiB 40% 2.0 MiB/s ETA 0:03\033[K");

        now.addAndGet(SECOND / 20);
        p.progress("build", 5 << 20, 10 << 20);
        assertThat(printed()).as("50 ms after the last draw").isEmpty();

        p.line("osimg build: warning: no dpkg database");
        assertThat(printed()).isEqualTo("\r\033[Kosimg build: warning: no dpkg database\n"
                + "\rbuild 5.0 MiB / 10.0 MiB 50% 2.4 MiB/s ETA 0:02\033[K");

        p.ended("build");
        assertThat(printed()).isEqualTo("\r\033[K");
    }

    @Test
    void showsSeveralTasksWithTheirSourcesRatesAndEndsEachWithASummary() {
        TerminalProgress p = new TerminalProgress(err, true, now::get);
        p.started("download");
        p.started("extract");
        p.progress("download", 3 << 20, -1, 1 << 20, null);
        assertThat(printed()).isEqualTo("\rdownload 3.0 MiB 1.0 MiB/s | extract 0 B 0 B/s\033[K");

        now.addAndGet(SECOND);
        p.progress("extract", 2048, 4096, 2048, Duration.ofSeconds(75));
        assertThat(printed()).isEqualTo("\rdownload 3.0 MiB 1.0 MiB/s | extract 2.0 KiB / 4.0 KiB 50% 2.0 KiB/s ETA 1:15\033[K");

        p.finished("download", Duration.ofSeconds(3), null);
        assertThat(printed()).isEqualTo("\r\033[Kdownload: done in 3.0 s, 3.0 MiB at 1.0 MiB/s\n"
                + "\rextract 2.0 KiB / 4.0 KiB 50% 2.0 KiB/s ETA 1:15\033[K");

        p.detail("extract| a line of the script");
        assertThat(printed()).isEqualTo("\r\033[Kextract| a line of the script\n"
                + "\rextract 2.0 KiB / 4.0 KiB 50% 2.0 KiB/s ETA 1:15\033[K");

        p.finished("extract", Duration.ofMillis(1500), "boom");
        assertThat(printed()).isEqualTo("\r\033[Kextract: failed after 1.5 s\n");
    }

    @Test
    void outsideATerminalOnlyLinesArePrinted() {
        TerminalProgress p = new TerminalProgress(err, false, now::get);
        p.started("mirror demo-1.0");
        p.progress("mirror demo-1.0", 100, 1000);
        p.detail("osimg mirror: fetched demo-1.0 (1000 B)");
        p.finished("mirror demo-1.0", Duration.ofSeconds(1), null);
        p.line("warning: something");
        assertThat(printed()).isEqualTo("warning: something\n");
    }

    @Test
    void bytesInBinaryUnitsWithOneDecimal() {
        assertThat(ByteSizes.human(0)).isEqualTo("0 B");
        assertThat(ByteSizes.human(1023)).isEqualTo("1023 B");
        assertThat(ByteSizes.human(1536)).isEqualTo("1.5 KiB");
        assertThat(ByteSizes.human(5L << 40)).isEqualTo("5.0 TiB");
        assertThat(ByteSizes.human(5L << 50)).isEqualTo("5120.0 TiB");
    }
}
