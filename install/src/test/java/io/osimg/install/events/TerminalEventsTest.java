package io.osimg.install.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.transfer.TerminalProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An installation's events on the command line's one progress renderer. */
class TerminalEventsTest {

    @Test
    void phasesAreTasksScriptLinesAndWarningsAreLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        TerminalEvents events = new TerminalEvents(new TerminalProgress(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), true, () -> now[0]));
        events.phaseStarted(Phase.DOWNLOAD);
        events.progress(Phase.DOWNLOAD, 2048, 4096, 1024, Duration.ofSeconds(2));
        events.phaseFinished(Phase.DOWNLOAD, Duration.ofSeconds(2), null);
        events.phaseStarted(Phase.INSTALL_SCRIPT);
        events.log(Phase.INSTALL_SCRIPT, "hello");
        events.warning("no kexec");
        events.phaseFinished(Phase.INSTALL_SCRIPT, Duration.ofMillis(300), "exit 1");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "\rdownload 2.0 KiB / 4.0 KiB 50% 1.0 KiB/s ETA 0:02\033[K"
                        + "\r\033[Kdownload: done in 2.0 s, 2.0 KiB at 1.0 KiB/s\n"
                        + "install-script| hello\n"
                        + "warning: no kexec\n"
                        + "install-script: failed after 0.3 s\n");
    }

    @Test
    void withoutATerminalTheScriptsOutputIsPassedThroughAndNothingIsDrawn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalEvents events = new TerminalEvents(new TerminalProgress(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> 0L));
        events.phaseStarted(Phase.INSTALL_SCRIPT);
        events.progress(Phase.DOWNLOAD, 10, 100, 5, Duration.ofSeconds(3));
        events.log(Phase.INSTALL_SCRIPT, "grub-install: done");
        events.warning("slow mirror");
        events.phaseFinished(Phase.INSTALL_SCRIPT, Duration.ofSeconds(2), null);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .startsWith("install-script| grub-install: done\nwarning: slow mirror\n")
                .doesNotContain("\r", "\033", "%");
    }
}
