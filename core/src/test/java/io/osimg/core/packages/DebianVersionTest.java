package io.osimg.core.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DebianVersionTest {

    /** Each row: a, b, sign of compare(a, b); cases from Debian Policy 5.6.12 and dpkg's own version tests. */
    @ParameterizedTest(name = "{0} vs {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "1.0|1.0|0",
        "0:1.0|1.0|0",
        "1.0-0|1.0|0",
        "1.0|1.1|-1",
        "1.9|1.10|-1",
        "1.001|1.1|0",
        "1:1.0|2.0|1",
        "2:0.1|1:9.9|1",
        "1.0~rc1|1.0|-1",
        "1.0~~|1.0~~a|-1",
        "1.0~~a|1.0~|-1",
        "1.0~|1.0|-1",
        "1.0|1.0a|-1",
        "1.0a|1.0+|-1",
        "1.0|1.0+b1|-1",
        "1.0-1|1.0-2|-1",
        "1.0-9|1.0-10|-1",
        "2.36-9|2.36-9+deb12u4|-1",
        "2.36-9+deb12u3|2.36-9+deb12u10|-1",
        "1.2.3-1~bpo12+1|1.2.3-1|-1",
        "1:2.38.1-5+b1|1:2.38.1-5|1",
        "9.9-1|1:0.1-1|-1",
        "1.0.0|1.0|1",
        "1.0a|1.0b|-1",
        "1.0-1-1|1.0-1|1",
    })
    void ordersAsDpkg(String a, String b, int sign) {
        assertThat(Integer.signum(DebianVersion.compare(a, b))).isEqualTo(sign);
        assertThat(Integer.signum(DebianVersion.compare(b, a))).isEqualTo(-sign);
    }

    @Test
    void sortsPolicyExample() {
        List<String> sorted = List.of("1.0", "1.0~~a", "1.0a", "1.0~", "1.0~~").stream()
                .sorted(DebianVersion.ORDER).toList();
        assertThat(sorted).containsExactly("1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a");
    }
}
