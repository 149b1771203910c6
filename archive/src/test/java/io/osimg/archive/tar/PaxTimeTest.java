package io.osimg.archive.tar;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PAX times: the fast path for plain "seconds.fraction" and the general one agree, to the nanosecond, rounding down. */
class PaxTimeTest {

    @ParameterizedTest
    @CsvSource({
            "1795755397.880766058, 1795755397, 880766058",
            "1795755397, 1795755397, 0",
            "0, 0, 0",
            "12.5, 12, 500000000",
            "12.000000001, 12, 1",
            "12.1234567899, 12, 123456789",
            "1., 1, 0",
            "-1.5, -2, 500000000",
            "-0.000000001, -1, 999999999",
            "1e3, 1000, 0",
    })
    void parsesToTheNanosecondRoundingDown(String value, long seconds, long nanos) throws Exception {
        assertThat(TarReader.paxTime(value.getBytes(StandardCharsets.US_ASCII), "x", 0))
                .isEqualTo(Instant.ofEpochSecond(seconds, nanos));
    }

    @ParameterizedTest
    @CsvSource({"abc", "1.2.3", "'1 2'", "."})
    void refusesWhatIsNoNumber(String value) {
        assertThatThrownBy(() -> TarReader.paxTime(value.getBytes(StandardCharsets.US_ASCII), "x", 7))
                .isInstanceOf(TarFormatException.class).hasMessageContaining("bad PAX mtime");
    }
}
