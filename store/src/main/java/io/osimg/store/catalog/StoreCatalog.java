package io.osimg.store.catalog;

import io.osimg.catalog.CatalogImage;
import io.osimg.catalog.CatalogSnapshot;
import io.osimg.catalog.StoreScanner;
import io.osimg.catalog.StoreView;

import io.osimg.store.BlobInfo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>The rescan's listing is kept too, sorted by key: {@link #files()} is the index the server's S3 listings are
 * paged from, so a listing neither walks the store nor waits for it. Rescans run on the catalog's own thread
 * ({@link #refreshInBackground()} for the server's threads, which must not block).
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

    private final StoreScanner<BlobInfo> scanner;
    private final Consumer<CatalogSnapshot> onChange;
    private final ScheduledExecutorService timer;
    private volatile CatalogSnapshot current;
    private volatile List<BlobInfo> files = List.of();
    private long stamp;
    private boolean stampKnown;
    private int skippedRefreshes;

    private StoreCatalog(StoreScanner<BlobInfo> scanner, Duration interval, Consumer<CatalogSnapshot> onChange) throws IOException {
        this.scanner = scanner;
        this.onChange = onChange;
        refresh();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "osimg-catalog-refresh");
            t.setDaemon(true);
            return t;
        });
        if (interval != null && !interval.isZero()) {
            long ms = interval.toMillis();
            timer.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Scans the store now and then every {@code interval} (null or zero: never automatically).
     *
     * @param onChange called with every new snapshot (e.g. to set the catalog-size gauge)
     */
    public static StoreCatalog open(StoreView<BlobInfo> view, Duration interval, Consumer<CatalogSnapshot> onChange) throws IOException {
        return new StoreCatalog(new StoreScanner<>(view), interval, Objects.requireNonNull(onChange, "onChange"));
    }

    public CatalogSnapshot current() {
        return current;
    }

    /**
     * Every object of the store as of the last rescan, sorted by key ({@link String} order), with random access:
     * what S3 listings are paged from.
     */
    public List<BlobInfo> files() {
        return files;
    }

    /** Rescans now (synchronised with the timer's rescans) and returns the new snapshot. */
    public synchronized CatalogSnapshot refresh() throws IOException {
        OptionalLong before = scanner.view().changeStamp(imageDirs(current));
        List<BlobInfo> listed = new ArrayList<>(scanner.files());
        listed.sort(Comparator.comparing(BlobInfo::key)); // already so for a directory: then one pass
        CatalogSnapshot next = scanner.scan(listed);
        stampKnown = before.isPresent();
        stamp = before.orElse(0);
        skippedRefreshes = 0;
        files = Collections.unmodifiableList(listed);
        current = next;
        onChange.accept(next);
        return next;
    }

    /**
     * Rescans on the catalog's thread, for callers that must not block (the server's I/O threads); the future
     * completes with the new snapshot, or with the failure (the timer's rescans go on).
     */
    public CompletableFuture<CatalogSnapshot> refreshInBackground() {
        CompletableFuture<CatalogSnapshot> done = new CompletableFuture<>();
        try {
            timer.execute(() -> {
                try {
                    done.complete(refresh());
                } catch (IOException | RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException closed) {
            done.completeExceptionally(closed);
        }
        return done;
    }

    /** The timer's refresh: a full rescan only when a directory changed, or every {@link #FULL_RESCAN_EVERY}th time. */
    synchronized void refreshIfChanged() throws IOException {
        if (stampKnown && skippedRefreshes + 1 < FULL_RESCAN_EVERY) {
            OptionalLong now = scanner.view().changeStamp(imageDirs(current));
            if (now.isPresent() && now.getAsLong() == stamp) {
                skippedRefreshes++;
                return;
            }
        }
        refresh();
    }

    private static Set<String> imageDirs(CatalogSnapshot snapshot) {
        Set<String> dirs = new HashSet<>();
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
        timer.shutdownNow();
    }
}
