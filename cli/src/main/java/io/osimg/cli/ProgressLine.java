package io.osimg.cli;

import io.osimg.install.events.TerminalProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * One progress line on standard error when it is a terminal; silent in pipes (warnings are printed either way).
 * Rates are measured, totals are only shown when they are known.
 */
final class ProgressLine {
    private final String label;
    private final PrintStream err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private ProgressLine(String label, PrintStream err, boolean terminal) {
        this.label = label;
        this.err = err;
        this.terminal = terminal;
    }

    static ProgressLine forTerminal(String label) {
        return new ProgressLine(label, System.err, TerminalProgress.stderrIsTerminal());
    }

    synchronized void update(long done, long total, String unit) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder("\r").append(label).append(": ").append(Sizes.human(done));
        if (total > 0) {
            line.append(" / ").append(Sizes.human(total))
                    .append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, done * 100 / total)));
            if (rate > 0) {
                long eta = (long) ((total - done) / rate);
                line.append(String.format(Locale.ROOT, " ETA %d:%02d", eta / 60, eta % 60));
            }
        }
        line.append(' ').append(Sizes.human((long) rate)).append("/s\033[K");
        err.print(line);
        err.flush();
        drawn = true;
    }

    synchronized void warn(String message) {
        clear();
        err.println("osimg " + label + ": warning: " + message);
    }

    synchronized void done() {
        clear();
    }

    private void clear() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}
