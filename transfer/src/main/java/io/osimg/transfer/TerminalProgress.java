package io.osimg.transfer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Progress for people at a terminal, the one renderer of the command line (build, mirror, install): one status line,
 * redrawn at most ten times a second, showing each running task with bytes done (of the total when known), rate and
 * ETA; when a task is {@link #finished}, one permanent line with its size, time and mean rate (or that it failed:
 * the command prints the error). When the output is not a terminal it stays quiet except for {@link #line}s
 * (warnings).
 */
public final class TerminalProgress {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final Map<String, Status> running = new LinkedHashMap<>();
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    private record Status(long started, long done, long total, double rate, Duration eta) {
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

    /** Whether this renderer draws (its output is a terminal). */
    public boolean terminal() {
        return terminal;
    }

    /** A task started: it shows once it made progress. */
    public synchronized void started(String task) {
        running.put(task, new Status(nanoTime.getAsLong(), 0, -1, 0, null));
    }

    /** Progress of {@code task} with its rate and ETA measured here, from its start (or this first call). */
    public synchronized void progress(String task, long done, long total) {
        long now = nanoTime.getAsLong();
        Status s = running.get(task);
        long started = s == null ? now : s.started();
        double rate = done / Math.max(1e-3, (now - started) / 1e9);
        Duration eta = total > 0 && rate > 0 ? Duration.ofSeconds((long) ((total - done) / rate)) : null;
        update(task, new Status(started, done, total, rate, eta), now);
    }

    /** Progress of {@code task} with the rate and ETA its source measured ({@code eta} null when unknown). */
    public synchronized void progress(String task, long done, long total, double bytesPerSecond, Duration eta) {
        long now = nanoTime.getAsLong();
        Status s = running.get(task);
        update(task, new Status(s == null ? now : s.started(), done, total, bytesPerSecond, eta), now);
    }

    private void update(String task, Status status, long now) {
        running.put(task, status);
        if (terminal && (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS)) {
            lastDraw = now;
            draw();
        }
    }

    /** A task ended: one permanent line, {@code task: done in 1.2 s, 5.0 MiB at 4.2 MiB/s} or {@code failed after}. */
    public synchronized void finished(String task, Duration took, String error) {
        Status s = running.remove(task);
        if (!terminal) {
            return;
        }
        clear();
        StringBuilder line = new StringBuilder(task).append(": ");
        if (error != null) {
            line.append("failed after ").append(seconds(took));
        } else {
            line.append("done in ").append(seconds(took));
            if (s != null && s.done() > 0) {
                double secs = Math.max(1e-3, took.toNanos() / 1e9);
                line.append(", ").append(ByteSizes.human(s.done())).append(" at ")
                        .append(ByteSizes.human((long) (s.done() / secs))).append("/s");
            }
        }
        err.println(line);
        redrawIfRunning();
    }

    /** A task ended without a line of its own (its command prints what it did): it leaves the status line. */
    public synchronized void ended(String task) {
        running.remove(task);
        clear();
        redrawIfRunning();
    }

    /** A line for a terminal only (a script's output, say), printed above the status line. */
    public synchronized void detail(String text) {
        if (terminal) {
            clear();
            err.println(text);
            redrawIfRunning();
        }
    }

    /** A line printed whether or not the output is a terminal (a warning), above the status line. */
    public synchronized void line(String text) {
        clear();
        err.println(text);
        redrawIfRunning();
    }

    private void redrawIfRunning() {
        if (terminal && running.values().stream().anyMatch(s -> s.done() > 0)) {
            draw();
        }
    }

    private void draw() {
        StringBuilder line = new StringBuilder("\r");
        running.forEach((task, s) -> {
            if (line.length() > 1) {
                line.append(" | ");
            }
            line.append(task).append(' ').append(ByteSizes.human(s.done()));
            if (s.total() > 0) {
                line.append(" / ").append(ByteSizes.human(s.total()))
                        .append(String.format(Locale.ROOT, " %d%%", Math.min(100, s.done() * 100 / s.total())));
            }
            line.append(' ').append(ByteSizes.human((long) s.rate())).append("/s");
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
}
