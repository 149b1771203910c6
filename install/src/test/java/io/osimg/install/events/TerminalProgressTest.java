package io.osimg.install.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private TerminalProgress progress(boolean terminal) {
        return new TerminalProgress(new PrintStream(out, true, StandardCharsets.UTF_8), terminal, () -> 0L);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalTheScriptsOutputIsPassedThroughAndNothingIsDrawn() {
        TerminalProgress p = progress(false);
        p.phaseStarted(Phase.INSTALL_SCRIPT);
        p.progress(Phase.DOWNLOAD, 10, 100, 5, Duration.ofSeconds(3));
        p.log(Phase.INSTALL_SCRIPT, "grub-install: done");
        p.warning("slow mirror");
        p.phaseFinished(Phase.INSTALL_SCRIPT, Duration.ofSeconds(2), null);

        assertThat(printed()).isEqualTo(Phase.INSTALL_SCRIPT.label() + "| grub-install: done\nwarning: slow mirror\n");
    }

    @Test
    void atATerminalLogLinesClearTheStatusLineFirst() {
        TerminalProgress p = progress(true);
        p.phaseStarted(Phase.DOWNLOAD);
        p.progress(Phase.DOWNLOAD, 2048, 4096, 1024, null);
        p.log(Phase.INSTALL_SCRIPT, "hello");

        assertThat(printed()).contains("\r\033[K" + Phase.INSTALL_SCRIPT.label() + "| hello\n");
    }
}
