package io.osimg.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoYamlQuotingTest {

    /** Every string reads back as the same string, quoted only where a YAML 1.1 reader would misread it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ttyS1,115200n8|false", "10.1.0.1|false", "44:38:39:00:00:1a|false", "ssh-ed25519 AAAA x|false",
            "debian-12|false", "yes|true", "Off|true", "null|true", "~|true", "0123|true", "1e5|true", "3.5|true",
            "00:03:00:11:11:01|true", "2019-07-01T09:41:43Z|true", "2019-07-01|true", "- x|true", "a: b|true",
            "#x|true", "*ref|true", "a #b|true", "' x'|true"})
    void quotesOnlyAmbiguousScalars(String value, boolean quoted) throws Exception {
        String yaml = Mappers.toYaml(Map.of("k", value));
        assertThat(yaml.startsWith("k: \"")).as(yaml).isEqualTo(quoted);
        assertThat(Mappers.yaml().readValue(yaml, Map.class)).containsEntry("k", value);
    }
}
