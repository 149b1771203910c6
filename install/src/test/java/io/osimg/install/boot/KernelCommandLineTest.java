package io.osimg.install.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelCommandLineTest {

    @Test
    void splitsKeysValuesAndFlagsAsTheKernelDoes() {
        KernelCommandLine c = KernelCommandLine.parse(
                "BOOT_IMAGE=/vmlinuz root=UUID=1-2 ro quiet  osimg.image=http://10.0.2.100/a?b=c=d empty= \n");
        assertThat(c.parameters()).extracting(KernelCommandLine.Parameter::toString)
                .containsExactly("BOOT_IMAGE=/vmlinuz", "root=UUID=1-2", "ro", "quiet", "osimg.image=http://10.0.2.100/a?b=c=d", "empty=");
        assertThat(c.last("root")).contains("UUID=1-2");
        assertThat(c.last("osimg.image")).contains("http://10.0.2.100/a?b=c=d");
        assertThat(c.parameters().get(2).flag()).isTrue();
        assertThat(c.last("quiet")).contains("");
        assertThat(c.last("empty")).contains("");
        assertThat(c.last("absent")).isEmpty();
        assertThat(c.initArguments()).isEmpty();
    }

    @Test
    void quotesKeepSpacesAndAreRemovedWhereverTheyStand() {
        KernelCommandLine c = KernelCommandLine.parse("a=\"x y\" \"b=1 2\" c=pre\"mid dle\"post d=\"\" tab=\"\t\"");
        assertThat(c.last("a")).contains("x y");
        assertThat(c.last("b")).contains("1 2");
        assertThat(c.last("c")).contains("premid dlepost");
        assertThat(c.last("d")).contains("");
        assertThat(c.last("tab")).contains("\t");
    }

    @Test
    void repeatedKeysKeepEveryValueAndTheLastCounts() {
        KernelCommandLine c = KernelCommandLine.parse("console=tty0 console=ttyS0,115200n8 osimg.disk=/dev/sda osimg.disk=/dev/vda");
        assertThat(c.values("console")).containsExactly("tty0", "ttyS0,115200n8");
        assertThat(c.last("osimg.disk")).contains("/dev/vda");
    }

    @Test
    void wordsAfterDoubleDashBelongToInit() {
        KernelCommandLine c = KernelCommandLine.parse("quiet -- single osimg.image=x");
        assertThat(c.parameters()).extracting(KernelCommandLine.Parameter::key).containsExactly("quiet");
        assertThat(c.initArguments()).containsExactly("single", "osimg.image=x");
        assertThat(c.has("osimg.image")).isFalse();
    }

    @Test
    void anEmptyLineHasNoParameters() {
        assertThat(KernelCommandLine.parse("").parameters()).isEmpty();
        assertThat(KernelCommandLine.parse(" \n").parameters()).isEmpty();
    }

    @Test
    void anUnclosedQuoteIsRefusedWithItsColumn() {
        assertThatThrownBy(() -> KernelCommandLine.parse("quiet osimg.image=\"http://x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("double quote at column 19 is not closed");
    }

    @Test
    void unknownKeysUnderAPrefixAreListedOnce() {
        KernelCommandLine c = KernelCommandLine.parse("osimg.imgae=a osimg.image=b osimg.imgae=c root=x");
        assertThat(c.unknownKeys("osimg.", Set.of("osimg.image"))).isEqualTo(List.of("osimg.imgae"));
    }
}
