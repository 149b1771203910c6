package io.osimg.store.catalog;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's live catalog: a {@link CatalogSnapshot} held in memory, replaced by a rescan of the store every
 * {@code interval} (default 10 s) and right after an upload session is committed through the server. A rescan
 * lists the store's keys and reads only small files whose ETag changed, so it is cheap; readers never wait for it
 * (they keep the previous snapshot until the new one is swapped in). Changes made behind the server's back (a
 * local {@code osimg build}, a mirror, rsync) show up within one interval.
 *
 * <p>A periodic refresh first computes the store's {@link DirectoryStamp} (one {@code stat} per directory) and
 * skips the rescan when it did not change; every {@link #FULL_RESCAN_EVERY}th refresh rescans regardless, for files
 * rewritten in place. A full rescan of a large store competes with the server for the CPU: skipping it keeps the
 * tail latency of the API low (see docs/benchmarks.md, bench/serve).
 */
public final class StoreCatalog implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    /** Every how many periodic refreshes the store is rescanned even when no directory changed. */
    public static final int FULL_RESCAN_EVERY = 30;
    private static final Logger LOG = Logger.getLogger(StoreCatalog.class.getName());

    private final StoreScanner scanner;
    private final Consumer<CatalogSnapshot> onChange;
    private final ScheduledExecutorService timer;
    private volatile CatalogSnapshot current;
    private long stamp;
    private boolean stampKnown;
    private int skippedRefreshes;

    private StoreCatalog(StoreScanner scanner, Duration interval, Consumer<CatalogSnapshot> onChange) throws IOException {
        this.scanner = scanner;
        this.onChange = onChange;
        refresh();
        if (interval == null || interval.isZero()) {
            this.timer = null;
        } else {
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "osimg-catalog-refresh");
                t.setDaemon(true);
                return t;
            });
            long ms = interval.toMillis();
            timer.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Scans the store now and then every {@code interval} (null or zero: never automatically).
     *
     * @param onChange called with every new snapshot (e.g. to set the catalog-size gauge)
     */
    public static StoreCatalog open(StoreView view, Duration interval, Consumer<CatalogSnapshot> onChange) throws IOException {
        return new StoreCatalog(new StoreScanner(view), interval, Objects.requireNonNull(onChange, "onChange"));
    }

    public CatalogSnapshot current() {
        return current;
    }

    /** Rescans now (synchronised with the timer's rescans) and returns the new snapshot. */
    public synchronized CatalogSnapshot refresh() throws IOException {
        java.util.OptionalLong before = scanner.view().changeStamp(imageDirs(current));
        CatalogSnapshot next = scanner.scan();
        stampKnown = before.isPresent();
        stamp = before.orElse(0);
        skippedRefreshes = 0;
        current = next;
        onChange.accept(next);
        return next;
    }

    /** The timer's refresh: a full rescan only when a directory changed, or every {@link #FULL_RESCAN_EVERY}th time. */
    synchronized void refreshIfChanged() throws IOException {
        if (stampKnown && skippedRefreshes + 1 < FULL_RESCAN_EVERY) {
            java.util.OptionalLong now = scanner.view().changeStamp(imageDirs(current));
            if (now.isPresent() && now.getAsLong() == stamp) {
                skippedRefreshes++;
                return;
            }
        }
        refresh();
    }

    private static java.util.Set<String> imageDirs(CatalogSnapshot snapshot) {
        java.util.Set<String> dirs = new java.util.HashSet<>();
        if (snapshot != null) {
            for (CatalogImage i : snapshot.images()) {
                dirs.add(i.directory());
            }
        }
        return dirs;
    }

    private void refreshQuietly() {
        try {
            refreshIfChanged();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "refreshing the catalog of " + scanner.view().describe() + " (keeping the previous one)", e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
