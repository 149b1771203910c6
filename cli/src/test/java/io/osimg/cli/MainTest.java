package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void unknownOptionIsUsageError() {
        assertThat(Main.run("--no-such-option")).isEqualTo(2);
    }
}
