package io.osimg.cli;

import io.osimg.transfer.ByteSizes;
import io.osimg.transfer.TerminalProgress;
import io.osimg.store.BlobStore;
import io.osimg.store.StoredImage;
import io.osimg.store.mirror.Mirror;
import io.osimg.store.mirror.MirrorListener;
import io.osimg.store.mirror.MirrorOptions;
import io.osimg.store.mirror.MirrorPlan;
import io.osimg.store.mirror.MirrorReport;
import io.osimg.store.mirror.RetentionPolicy;
import io.osimg.store.mirror.Upstream;
import io.osimg.transfer.Fetcher;
import io.osimg.transfer.ProgressListener;
import io.osimg.transfer.TransferOptions;
import io.osimg.trust.TrustPolicy;
import io.osimg.trust.UntrustedImageException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "mirror",
        description = {
            "Mirror images from an osimg server or any S3-listable store (ListObjectsV2) into a store directory or a "
                    + "bucket prefix in S3 or an S3-compatible service (s3://BUCKET/PREFIX, see --s3-endpoint, --s3-region).",
            "Per OS and major.minor the newest --keep release images are kept; images expired longer than --grace are "
                    + "skipped (expiration from manifest.json, else 90 days after its created, else after the release date: the "
                    + "rule of 'osimg list' and the server's API); --max-size drops the oldest "
                    + "images first but never the newest of an OS; --include/--exclude globs match image IDs, "
                    + "directories and keys. Stable builds only with --include-stable; pull-request builds never.",
            "Each image is downloaded (resuming partial files from an earlier run), verified against its md5 and sha512 "
                    + "files and manifest.json, and published as a whole directory. An upstream fault leaves the target "
                    + "store as it was.",
            "A directory keeps partial downloads in its .staging/partial and publishes an image with one rename. For "
                    + "s3:// each image is downloaded to local disk (--work-dir, else a temporary directory removed after "
                    + "the round: an interrupted transfer starts over), verified, then uploaded with img.tar.lz4.md5 last "
                    + "(an image counts only with its .md5); a failed upload removes what it uploaded."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every planned image is local and verified", "1:upstream unreachable or an image failed (the store is unchanged for it)",
            "2:wrong command line"})
final class MirrorCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "URL", description = "upstream endpoint, e.g. http://example.org/ or http://example.com/bucket/")
    URI from;

    @Option(names = "--to", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "the target store: a directory, or a bucket prefix in S3 or an S3-compatible service (see --s3-endpoint, --s3-region)")
    String to;

    @Mixin StoreOptions storeOptions;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "s3:// target only: keep partial downloads in DIR/partial so that the next run resumes them "
                    + "(default: a temporary directory per round)")
    Path workDir;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "", description = "mirror only keys under this prefix, e.g. metal-os/")
    String prefix;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "3", description = "newest release images per OS and major.minor (default: ${DEFAULT-VALUE})")
    int keep;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = Quantities.SizeConverter.class, defaultValue = "0",
            description = "cap on the bytes of all mirrored images, e.g. 50G (default: no cap)")
    long maxSize;

    @Option(names = "--include", paramLabel = "GLOB", description = "mirror only images matching one of these globs (repeatable)")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "skip images matching this glob (repeatable)")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--grace", paramLabel = "DURATION", converter = Quantities.DurationConverter.class, defaultValue = "7d",
            description = "mirror images expired at most this long ago (default: ${DEFAULT-VALUE})")
    Duration grace;

    @Option(names = "--include-stable", description = "mirror stable builds too (not counted by --keep)")
    boolean includeStable;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "2", description = "images transferred at the same time (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--delete", description = "remove local images the plan does not keep (never after a round with errors)")
    boolean delete;

    @Option(names = "--dry-run", description = "print the plan, change nothing")
    boolean dryRun;

    @Option(names = "--interval", paramLabel = "DURATION", converter = Quantities.DurationConverter.class,
            description = "repeat every DURATION (e.g. 10m) until killed; each round logs a summary, errors are logged and retried")
    Duration interval;

    /** Stops interval mode after this many rounds (for tests); 0: until killed. */
    @Option(names = "--rounds", hidden = true, defaultValue = "0")
    int rounds;

    @Option(names = "--now", paramLabel = "INSTANT", description = "the time to judge expiration by (ISO-8601; default: the clock)")
    Instant now;

    @Mixin TrustOptions trust;

    @Mixin TrustPolicyOptions signatures;

    @Mixin TransferLimits limits;

    @Mixin OutputOptions output;

    @Mixin CommonOptions debug;

    RetentionPolicy policy() {
        return new RetentionPolicy(keep, maxSize, includes, excludes, grace, includeStable);
    }

    MirrorOptions options() {
        return new MirrorOptions(policy(), prefix, parallel, delete, dryRun);
    }

    @Override
    public Integer call() throws Exception {
        MirrorOptions options = options();
        if (interval != null && (interval.isZero() || interval.isNegative())) {
            throw new IllegalArgumentException("--interval must be positive, got " + interval);
        }
        Upstream.validate(from);
        Clock clock = now == null ? Clock.systemUTC() : Clock.fixed(now, ZoneOffset.UTC);
        try (Fetcher fetcher = new Fetcher(limits.applyTo(trust.applyTo(TransferOptions.defaults()))
                .withUserAgent("osimg-mirror/" + Main.version()));
             BlobStore store = open()) {
            TrustPolicy policy = signatures.policy(fetcher);
            if (policy == null) {
                log("warning: " + TrustPolicyOptions.noPolicyWarning("the upstream images"));
            } else {
                options = options.withTrust(policy);
            }
            Mirror mirror = new Mirror(new Upstream(from, fetcher), store, fetcher, options, clock, new Reporter(), workDir);
            if (interval == null) {
                MirrorReport report = mirror.run();
                output.print(new Printed(report));
                return report.ok() ? Main.OK : Main.FAILED;
            }
            return repeat(mirror);
        }
    }

    /** The target: a directory (what dead processes left in its .staging is deleted) or an s3:// bucket prefix. */
    private BlobStore open() throws IOException {
        if (workDir != null && !StoreOptions.isS3(to)) {
            throw new IllegalArgumentException("--work-dir only goes with an s3:// target; a directory store keeps "
                    + "partial downloads in its .staging/partial");
        }
        return storeOptions.open(to);
    }

    /** Interval mode: one store and one HTTP client for all rounds (the store's staging is recovered once, at start). */
    private int repeat(Mirror mirror) throws InterruptedException {
        int exit = Main.OK;
        for (int n = 1; rounds == 0 || n <= rounds; n++) {
            Instant started = Instant.now();
            try {
                MirrorReport report = mirror.run();
                exit = report.ok() ? Main.OK : Main.FAILED;
                log("round " + started + ": " + report.summary());
                for (MirrorReport.Failure f : report.failures()) {
                    log("  " + (Printed.untrusted(f) ? "untrusted, left out: " : "error: ") + f.directory() + ": " + Printed.message(f));
                }
                if (output.format != OutputOptions.Format.text) {
                    output.print(new Printed(report));
                }
            } catch (IOException | RuntimeException e) {
                exit = Main.FAILED;
                log("round " + started + ": failed, store unchanged, retrying in " + interval + ": " + ErrorLines.describe(e));
            }
            if (rounds == 0 || n < rounds) {
                Thread.sleep(interval.toMillis());
            }
        }
        return exit;
    }

    private static void log(String line) {
        PrintStream err = System.err;
        err.println("osimg mirror: " + line);
        err.flush();
    }

    /** Progress lines on a terminal; one line per fetched or failed image on a terminal too, nothing in pipes. */
    private static final class Reporter implements MirrorListener {
        private final TerminalProgress progress = TerminalProgress.onStderr();

        @Override
        public ProgressListener transfer(StoredImage image, String file) {
            if (!progress.terminal() || !file.equals("img.tar.lz4")) {
                return ProgressListener.NONE;
            }
            String task = "mirror " + image.id();
            return p -> {
                if (p.finished()) {
                    progress.ended(task);
                } else {
                    progress.progress(task, p.bytesDone(), p.totalBytes(), p.bytesPerSecond(), p.eta());
                }
            };
        }

        @Override
        public void fetched(StoredImage image, long bytes, boolean resumed) {
            progress.detail("osimg mirror: fetched " + image.id() + " (" + ByteSizes.human(bytes) + (resumed ? ", resumed" : "") + ")");
        }

        @Override
        public void failed(StoredImage image, Exception e) {
            progress.detail("osimg mirror: failed " + image.id() + ": " + ErrorLines.describe(e));
        }
    }

    record Printed(MirrorReport report) implements OutputOptions.Printable {
        @Override
        public String text() {
            StringBuilder sb = new StringBuilder();
            MirrorPlan plan = report.plan();
            for (StoredImage i : plan.keep()) {
                String state = report.upToDate().contains(i.directory()) ? "have  "
                        : report.fetched().contains(i.directory()) ? (report.dryRun() ? "fetch " : "got   ") : "FAIL  ";
                sb.append(state).append(String.format("%-36s %-40s %s%n", i.id(), i.directory(), ByteSizes.human(i.size())));
            }
            for (MirrorPlan.Skip s : plan.skipped()) {
                sb.append("skip  ").append(String.format("%-36s %-40s %s%n", s.image().id(), s.image().directory(), s.detail()));
            }
            for (String d : report.deleted()) {
                sb.append("del   ").append(d).append('\n');
            }
            if (report.dryRun() && !plan.keep().isEmpty()) {
                sb.append("(dry run: nothing changed)\n");
            }
            for (MirrorReport.Failure f : report.failures()) {
                sb.append(untrusted(f) ? "untrusted, left out " : "error ").append(f.directory()).append(": ")
                        .append(message(f)).append('\n');
            }
            if (plan.overCap()) {
                sb.append("warning: the newest image of each OS alone is ").append(ByteSizes.human(plan.totalSize()))
                        .append(", over --max-size ").append(ByteSizes.human(plan.maxSize())).append('\n');
            }
            sb.append(report.summary()).append('\n');
            return sb.toString();
        }

        @Override
        public Object data() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dryRun", report.dryRun());
            m.put("ok", report.ok());
            m.put("keep", report.plan().keep().stream().map(Printed::image).toList());
            m.put("skipped", report.plan().skipped().stream().map(s -> {
                Map<String, Object> x = image(s.image());
                x.put("reason", s.reason().name().toLowerCase(Locale.ROOT));
                x.put("detail", s.detail());
                return x;
            }).toList());
            m.put("upToDate", report.upToDate());
            m.put(report.dryRun() ? "toFetch" : "fetched", report.fetched());
            m.put("deleted", report.deleted());
            m.put("bytes", report.bytes());
            m.put("totalSize", report.plan().totalSize());
            m.put("maxSize", report.plan().maxSize());
            m.put("overCap", report.plan().overCap());
            m.put("errors", report.failures().stream().map(f -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("directory", f.directory());
                x.put("untrusted", untrusted(f));
                x.put("message", message(f));
                return x;
            }).toList());
            return m;
        }

        /** What went wrong with one image, worded like a failure of the whole command (with the --ca-cert hint). */
        static String message(MirrorReport.Failure f) {
            return f.cause() == null ? f.message() : ErrorLines.describe(f.cause());
        }

        /** Whether the trust policy left the image out (no or no trusted signature). */
        static boolean untrusted(MirrorReport.Failure f) {
            return f.cause() instanceof UntrustedImageException;
        }

        static Map<String, Object> image(StoredImage i) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", i.id().toString());
            x.put("directory", i.directory());
            x.put("size", i.size());
            return x;
        }
    }
}
