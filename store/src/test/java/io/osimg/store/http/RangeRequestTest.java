package io.osimg.store.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

class RangeRequestTest {

    @Test
    void parsesSingleSuffixOpenAndMultiple() {
        assertThat(RangeRequest.parse("bytes=0-99", 1000)).isEqualTo(new RangeRequest.Ranges(List.of(new ByteRange(0, 99, 1000))));
        assertThat(RangeRequest.parse("bytes=-500", 1000)).isEqualTo(new RangeRequest.Ranges(List.of(new ByteRange(500, 999, 1000))));
        assertThat(RangeRequest.parse("bytes=-5000", 1000)).isEqualTo(new RangeRequest.Ranges(List.of(new ByteRange(0, 999, 1000))));
        assertThat(RangeRequest.parse("bytes=900-", 1000)).isEqualTo(new RangeRequest.Ranges(List.of(new ByteRange(900, 999, 1000))));
        assertThat(RangeRequest.parse("bytes=990-2000", 1000)).isEqualTo(new RangeRequest.Ranges(List.of(new ByteRange(990, 999, 1000))));
        assertThat(RangeRequest.parse("bytes=0-9, 20-29", 1000)).isEqualTo(new RangeRequest.Ranges(
                List.of(new ByteRange(0, 9, 1000), new ByteRange(20, 29, 1000))));
        assertThat(RangeRequest.parse("bytes=0-9,5000-6000", 1000)).isEqualTo(new RangeRequest.Ranges(
                List.of(new ByteRange(0, 9, 1000))));
    }

    @Test
    void unsatisfiableAndIgnored() {
        assertThat(RangeRequest.parse("bytes=1000-", 1000)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse("bytes=-0", 1000)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse("bytes=0-0", 0)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse(null, 1000)).isInstanceOf(RangeRequest.Ignored.class);
        assertThat(RangeRequest.parse("items=0-1", 1000)).isInstanceOf(RangeRequest.Ignored.class);
        assertThat(RangeRequest.parse("bytes=5-1", 1000)).isInstanceOf(RangeRequest.Ignored.class);
        assertThat(RangeRequest.parse("bytes=a-b", 1000)).isInstanceOf(RangeRequest.Ignored.class);
        assertThat(RangeRequest.parse("bytes=+1-2", 1000)).isInstanceOf(RangeRequest.Ignored.class);
        assertThat(RangeRequest.parse("bytes=" + "0-0,".repeat(100) + "1-1", 1000)).isInstanceOf(RangeRequest.Ignored.class);
    }

    @Test
    void overlappingAndAdjacentRangesAreMergedInOrder() {
        assertThat(RangeRequest.parse("bytes=" + "0-,".repeat(63) + "0-", 1000))
                .isEqualTo(new RangeRequest.Ranges(List.of(new ByteRange(0, 999, 1000))));
        assertThat(RangeRequest.parse("bytes=50-59,0-9,10-19,55-70,-100", 1000)).isEqualTo(new RangeRequest.Ranges(
                List.of(new ByteRange(0, 19, 1000), new ByteRange(50, 70, 1000), new ByteRange(900, 999, 1000))));
    }

    @Test
    void moreDisjointPartsThanTheCapServeTheWholeObject() {
        assertThat(RangeRequest.parse(disjoint(RangeRequest.MAX_PARTS), 1000)).isInstanceOfSatisfying(
                RangeRequest.Ranges.class, r -> assertThat(r.ranges()).hasSize(RangeRequest.MAX_PARTS));
        assertThat(RangeRequest.parse(disjoint(RangeRequest.MAX_PARTS + 1), 1000)).isInstanceOf(RangeRequest.Ignored.class);
    }

    /** {@code bytes=0-0,10-10,...}: {@code n} one-byte ranges that neither overlap nor touch. */
    private static String disjoint(int n) {
        StringJoiner specs = new StringJoiner(",", "bytes=", "");
        for (int i = 0; i < n; i++) {
            specs.add(i * 10 + "-" + i * 10);
        }
        return specs.toString();
    }
}
