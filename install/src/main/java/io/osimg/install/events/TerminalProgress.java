package io.osimg.install.events;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Progress for people at a terminal: one status line, redrawn at most ten times a second, showing each running
 * phase with bytes done (of the total when known), rate and ETA; when a phase ends, one permanent line with its
 * size, time and mean rate (or that it failed: the command prints the error). When the output is not a terminal
 * (a ramdisk's console, a CI log) it draws nothing but still prints warnings and log lines, the install script's
 * output among them, as metal-hammer passes the script's output through.
 */
public final class TerminalProgress implements EventSink {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final Map<Phase, Status> running = new EnumMap<>(Phase.class);
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    private record Status(long done, long total, double rate, Duration eta) {
    }

    public TerminalProgress(PrintStream err, boolean terminal, LongSupplier nanoTime) {
        this.err = err;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    /** On standard error, drawing when it is a terminal (and {@code CI} is not set). */
    public static TerminalProgress onStderr() {
        return new TerminalProgress(System.err, stderrIsTerminal(), System::nanoTime);
    }

    /**
     * Whether progress may be drawn on standard error: the process has a terminal and {@code CI} is not set. The one
     * place that decides it, for every progress line of the command line.
     */
    public static boolean stderrIsTerminal() {
        var console = System.console();
        return console != null && console.isTerminal() && System.getenv("CI") == null;
    }

    @Override
    public synchronized void phaseStarted(Phase phase) {
        running.put(phase, new Status(0, -1, 0, null));
    }

    @Override
    public synchronized void progress(Phase phase, long done, long total, double bytesPerSecond, Duration eta) {
        running.put(phase, new Status(done, total, bytesPerSecond, eta));
        long now = nanoTime.getAsLong();
        if (terminal && (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS)) {
            lastDraw = now;
            draw();
        }
    }

    @Override
    public synchronized void phaseFinished(Phase phase, Duration took, String error) {
        Status s = running.remove(phase);
        if (!terminal) {
            return;
        }
        clear();
        StringBuilder line = new StringBuilder(phase.label()).append(": ");
        if (error != null) {
            line.append("failed after ").append(seconds(took));
        } else {
            line.append("done in ").append(seconds(took));
            if (s != null && s.done() > 0) {
                double secs = Math.max(1e-3, took.toNanos() / 1e9);
                line.append(", ").append(bytes(s.done())).append(" at ").append(bytes((long) (s.done() / secs))).append("/s");
            }
        }
        err.println(line);
        redrawIfRunning();
    }

    @Override
    public synchronized void log(Phase phase, String line) {
        clear();
        err.println(phase.label() + "| " + line);
        redrawIfRunning();
    }

    @Override
    public synchronized void warning(String message) {
        clear();
        err.println("warning: " + message);
        redrawIfRunning();
    }

    private void redrawIfRunning() {
        if (terminal && running.values().stream().anyMatch(s -> s.done() > 0)) {
            draw();
        }
    }

    private void draw() {
        StringBuilder line = new StringBuilder("\r");
        running.forEach((phase, s) -> {
            if (line.length() > 1) {
                line.append(" | ");
            }
            line.append(phase.label()).append(' ').append(bytes(s.done()));
            if (s.total() > 0) {
                line.append(" / ").append(bytes(s.total()))
                        .append(String.format(Locale.ROOT, " %d%%", Math.min(100, s.done() * 100 / s.total())));
            }
            line.append(' ').append(bytes((long) s.rate())).append("/s");
            if (s.eta() != null) {
                long eta = s.eta().toSeconds();
                line.append(String.format(Locale.ROOT, " ETA %d:%02d", eta / 60, eta % 60));
            }
        });
        err.print(line.append("\033[K"));
        err.flush();
        drawn = true;
    }

    private void clear() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d == null ? 0.0 : d.toNanos() / 1e9);
    }

    /** Bytes in binary units with one decimal: {@code 512 B}, {@code 1.5 MiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
