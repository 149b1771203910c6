package io.osimg.store.mirror;

import io.osimg.core.store.Channel;
import io.osimg.core.store.ImageFiles;
import io.osimg.store.BlobStore;
import io.osimg.store.ExpirationLookup;
import io.osimg.store.ImageInventory;
import io.osimg.store.StoredImage;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.transfer.Fetcher;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Mirrors an S3-listable image store into a {@link BlobStore} ({@code osimg mirror}), a directory
 * ({@link FsBlobStore}) or a bucket: upstream listing -> {@link MirrorPlanner plan} -> transfer into a local
 * {@link WorkArea} (resumable, bounded parallelism) -> verify -> publish of each image directory as a whole ->
 * optional deletion of images the plan does not keep.
 *
 * <p>Faults: when the upstream cannot be listed the round fails before anything changes. An image that cannot be
 * fetched or does not verify is not published (its resumable part stays in the work area, corrupt bytes do not)
 * and the round reports it as a failure; the other images are still mirrored. A round with a failure deletes
 * nothing. Readers of the target store never see a partial image directory: a directory store publishes it with
 * one rename, a bucket in one transaction whose {@code img.tar.lz4.md5} comes last.
 */
public final class Mirror {

    private final Upstream upstream;
    private final BlobStore store;
    private final WorkArea work;
    private final Fetcher fetcher;
    private final MirrorOptions options;
    private final Clock clock;
    private final MirrorListener listener;

    /** A mirror whose partial downloads go where {@link WorkArea} puts them without a work directory. */
    public Mirror(Upstream upstream, BlobStore store, Fetcher fetcher, MirrorOptions options, Clock clock,
                  MirrorListener listener) {
        this(upstream, store, fetcher, options, clock, listener, null);
    }

    /**
     * @param workDirectory where partial downloads are kept between rounds so that they are resumed (a local
     *                      directory; verified images are then uploaded from it as transactions); null: a directory
     *                      store uses its {@code .staging/partial}, any other store a temporary directory per round
     */
    public Mirror(Upstream upstream, BlobStore store, Fetcher fetcher, MirrorOptions options, Clock clock,
                  MirrorListener listener, Path workDirectory) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.store = Objects.requireNonNull(store, "store");
        this.work = WorkArea.of(store, workDirectory);
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = listener == null ? MirrorListener.NONE : listener;
    }

    /** Lists upstream and computes the plan; changes nothing. */
    public MirrorPlan plan() throws IOException {
        List<StoredImage> remote = ImageInventory.of(upstream.list(options.prefix()));
        Map<String, StoredImage> local = localImages();
        return MirrorPlanner.plan(remote, options.policy(), clock.instant(), image -> expiration(image, local));
    }

    /** One round: plan, then (unless a dry run) fetch, publish and delete. */
    public MirrorReport run() throws IOException {
        MirrorPlan plan = plan();
        Map<String, StoredImage> local = localImages();
        List<String> upToDate = new ArrayList<>();
        List<StoredImage> missing = new ArrayList<>();
        for (StoredImage image : plan.keep()) {
            if (current(image, local.get(image.directory()))) {
                upToDate.add(image.directory());
            } else {
                missing.add(image);
            }
        }
        if (options.dryRun()) {
            return new MirrorReport(plan, upToDate, missing.stream().map(StoredImage::directory).toList(), 0,
                    deletable(plan, local), List.of(), true);
        }
        Path partialRoot = work.open();
        try {
            List<String> fetched = new ArrayList<>();
            List<MirrorReport.Failure> failures = new ArrayList<>();
            long bytes = fetchAll(missing, partialRoot, fetched, failures);
            List<String> deleted = new ArrayList<>();
            if (options.delete() && failures.isEmpty()) {
                for (String dir : deletable(plan, local)) {
                    if (store.deleteDirectory(dir)) {
                        deleted.add(dir);
                        listener.deleted(dir);
                    }
                }
            }
            dropStaleWork(plan, partialRoot);
            return new MirrorReport(plan, upToDate, fetched, bytes, deleted, failures, false);
        } finally {
            work.close();
        }
    }

    private long fetchAll(List<StoredImage> images, Path partialRoot, List<String> fetched, List<MirrorReport.Failure> failures)
            throws IOException {
        if (images.isEmpty()) {
            return 0;
        }
        long bytes = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallel(), images.size()),
                Thread.ofPlatform().name("mirror-", 0).daemon(true).factory());
        try {
            Map<StoredImage, Future<Long>> futures = new LinkedHashMap<>();
            for (StoredImage image : images) {
                futures.put(image, pool.submit(() -> fetchOne(image, partialRoot)));
            }
            for (Map.Entry<StoredImage, Future<Long>> e : futures.entrySet()) {
                try {
                    bytes += e.getValue().get();
                    fetched.add(e.getKey().directory());
                } catch (ExecutionException ex) {
                    Exception cause = ex.getCause() instanceof Exception x ? x : ex;
                    failures.add(new MirrorReport.Failure(e.getKey().directory(),
                            String.valueOf(ex.getCause().getMessage()), cause));
                    listener.failed(e.getKey(), cause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("mirroring from " + upstream + ": interrupted");
        } finally {
            pool.shutdownNow();
        }
        return bytes;
    }

    private long fetchOne(StoredImage image, Path partialRoot) throws IOException {
        ImageDownload download = new ImageDownload(upstream, fetcher, image, partialRoot, listener::transfer,
                options.trust());
        Path prepared = download.run();
        work.publish(image.directory(), prepared);
        listener.fetched(image, download.bytesTransferred(), download.resumed());
        return download.bytesTransferred();
    }

    /** Local images under the prefix, by directory. */
    private Map<String, StoredImage> localImages() throws IOException {
        Map<String, StoredImage> local = new LinkedHashMap<>();
        for (StoredImage image : ImageInventory.of(store.list(options.prefix()))) {
            local.put(image.directory(), image);
        }
        return local;
    }

    /**
     * A local image is current when it has every upstream file at the upstream size; a stable build (mutable) must
     * also have the same md5 file as upstream.
     */
    private boolean current(StoredImage remote, StoredImage local) throws IOException {
        if (local == null) {
            return false;
        }
        for (Map.Entry<String, Long> f : remote.files().entrySet()) {
            if (!f.getValue().equals(local.files().get(f.getKey()))) {
                return false;
            }
        }
        if (remote.channel() != Channel.RELEASE && remote.files().containsKey(ImageFiles.MD5)) {
            byte[] theirs = upstream.read(remote.keyOf(ImageFiles.MD5));
            byte[] ours;
            try (var in = store.open(local.keyOf(ImageFiles.MD5))) {
                ours = in.readAllBytes();
            }
            return Arrays.equals(theirs, ours);
        }
        return true;
    }

    /** Local expiration for images we have (releases are immutable), else by upstream's manifest (or none). */
    private Optional<Instant> expiration(StoredImage image, Map<String, StoredImage> local) throws IOException {
        StoredImage mine = local.get(image.directory());
        if (mine != null && image.channel() == Channel.RELEASE) {
            return ExpirationLookup.of(store).expiration(mine);
        }
        if (!image.files().containsKey(ImageFiles.MANIFEST)) {
            return ExpirationLookup.fromManifest(image, null);
        }
        String json = new String(upstream.read(image.keyOf(ImageFiles.MANIFEST)), StandardCharsets.UTF_8);
        try {
            return ExpirationLookup.fromManifest(image, json);
        } catch (IllegalArgumentException e) {
            return ExpirationLookup.fromManifest(image, null); // a broken manifest does not block planning
        }
    }

    /** Local images under the prefix the plan does not keep; none when upstream listed no image at all. */
    private List<String> deletable(MirrorPlan plan, Map<String, StoredImage> local) {
        if (!options.delete() || (plan.keep().isEmpty() && plan.skipped().isEmpty())) {
            return List.of();
        }
        Set<String> keep = new HashSet<>(plan.keptDirectories());
        return local.keySet().stream().filter(d -> !keep.contains(d)).sorted().toList();
    }

    /** Removes work directories of images the plan no longer keeps (their partial bytes are useless now). */
    private void dropStaleWork(MirrorPlan plan, Path partialRoot) throws IOException {
        Set<Path> wanted = new HashSet<>();
        for (String dir : plan.keptDirectories()) {
            wanted.add(ImageDownload.workDirectory(partialRoot, dir));
        }
        for (Path p : WorkDirs.list(partialRoot)) {
            if (!wanted.contains(p)) {
                WorkDirs.delete(p);
            }
        }
    }
}
