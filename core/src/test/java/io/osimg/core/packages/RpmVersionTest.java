package io.osimg.core.packages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpmVersionTest {

    /** rpmvercmp(a, b): the cases of rpm's own test suite (rpmvercmp.at). */
    @ParameterizedTest(name = "rpmvercmp({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', value = {
        "1.0|1.0|0",
        "1.0|2.0|-1",
        "2.0|1.0|1",
        "2.0.1|2.0.1|0",
        "2.0|2.0.1|-1",
        "2.0.1|2.0|1",
        "2.0.1a|2.0.1a|0",
        "2.0.1a|2.0.1|1",
        "2.0.1|2.0.1a|-1",
        "5.5p1|5.5p1|0",
        "5.5p1|5.5p2|-1",
        "5.5p10|5.5p1|1",
        "10xyz|10.1xyz|-1",
        "xyz10|xyz10.1|-1",
        "xyz.4|8|-1",
        "8|xyz.4|1",
        "xyz.4|2|-1",
        "5.5p2|5.6p1|-1",
        "5.6p1|6.5p1|-1",
        "6.0.rc1|6.0|1",
        "6.0|6.0.rc1|-1",
        "10b2|10a1|1",
        "10a2|10b2|-1",
        "1.0aa|1.0a|1",
        "1.0a|1.0aa|-1",
        "10.0001|10.1|0",
        "10.0001|10.0039|-1",
        "4.999.9|5.0|-1",
        "20101121|20101121|0",
        "20101121|20101122|-1",
        "2_0|2_0|0",
        "2.0|2_0|0",
        "a|a|0",
        "a+|a+|0",
        "a+|a_|0",
        "+a|_a|0",
        "+_|_+|0",
        "+|_|0",
        "1.0~rc1|1.0~rc1|0",
        "1.0~rc1|1.0|-1",
        "1.0|1.0~rc1|1",
        "1.0~rc1|1.0~rc2|-1",
        "1.0~rc1~git123|1.0~rc1|-1",
        "1.0^|1.0|1",
        "1.0|1.0^|-1",
        "1.0^git1|1.0|1",
        "1.0^git1|1.01|-1",
        "1.0^20160101|1.0.1|-1",
        "1.0^20160101^git1|1.0^20160101|1",
        "1.0~rc1^git1|1.0~rc1|1",
        "1.0^git1~pre|1.0^git1|-1",
    })
    void rpmvercmp(String a, String b, int expected) {
        assertThat(RpmVersion.rpmvercmp(a, b)).isEqualTo(expected);
    }

    /** Whole [epoch:]version-release strings: the epoch first, then version, then release. */
    @ParameterizedTest(name = "{0} vs {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "1:1.0-1|2.0-1|1",
        "0:1.0-1|1.0-1|0",
        "1.0-1.el9|1.0-2.el9|-1",
        "1.0-10.el9|1.0-9.el9|1",
        "3.0.7-27.el9|1:3.0.7-24.el9|-1",
        "5.1.8-9.el9|5.1.8-9.el9_4|-1",
        "2.2.0-1~beta|2.2.0-1|-1",
    })
    void evrOrder(String a, String b, int sign) {
        assertThat(Integer.signum(RpmVersion.compare(a, b))).isEqualTo(sign);
        assertThat(Integer.signum(RpmVersion.compare(b, a))).isEqualTo(-sign);
    }
}
