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
 * local {@code osimg build}, rsync) show up within one interval.
 */
public final class StoreCatalog implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(StoreCatalog.class.getName());

    private final StoreScanner scanner;
    private final Consumer<CatalogSnapshot> onChange;
    private final ScheduledExecutorService timer;
    private volatile CatalogSnapshot current;

    private StoreCatalog(StoreScanner scanner, Duration interval, Consumer<CatalogSnapshot> onChange) throws IOException {
        this.scanner = scanner;
        this.onChange = onChange;
        this.current = scanner.scan();
        onChange.accept(current);
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
        CatalogSnapshot next = scanner.scan();
        current = next;
        onChange.accept(next);
        return next;
    }

    private void refreshQuietly() {
        try {
            refresh();
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
