package io.osimg.cli;

import io.osimg.core.text.TextFile;
import io.osimg.store.BlobStore;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.prune.InUseList;
import io.osimg.store.prune.PrunePlan;
import io.osimg.store.prune.Pruner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune",
        description = {
            "Delete expired release images that no machine uses from a store directory or a bucket prefix in S3 or an "
                    + "S3-compatible service (s3://BUCKET/PREFIX, see --s3-endpoint, --s3-region).",
            "The newest image of each OS (the newest --keep with --keep) is always kept; images listed in --in-use are "
                    + "kept; stable and pull-request builds are left alone. Expiration comes from manifest.json, else 90 "
                    + "days after its created, else after the release date (the rule of 'osimg list'). Each image "
                    + "directory disappears at once (renamed away, then deleted); in a "
                    + "bucket its img.tar.lz4.md5 is deleted first (without it the directory is no image), then the other files."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (or planned with --dry-run)", "1:the store or the in-use file could not be read, or a deletion failed",
            "2:wrong command line"})
final class PruneCommand implements Callable<Integer> {

    @Option(names = "--store", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "the store directory, or a bucket prefix in S3 or an S3-compatible service (see --s3-endpoint, --s3-region)")
    String store;

    @Mixin StoreOptions storeOptions;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "", description = "prune only images under this prefix")
    String prefix;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "1", description = "newest release images per OS always kept (default: ${DEFAULT-VALUE})")
    int keep;

    @Option(names = "--in-use", paramLabel = "FILE",
            description = "images in use: one image ID per line, or a JSON list of IDs or of objects with an \"id\"")
    Path inUse;

    @Option(names = "--dry-run", description = "print the plan, delete nothing")
    boolean dryRun;

    @Option(names = "--now", paramLabel = "INSTANT", description = "the time to judge expiration by (ISO-8601; default: the clock)")
    Instant now;

    @Mixin OutputOptions output;

    @Mixin CommonOptions debug;

    @Override
    public Integer call() throws Exception {
        if (keep < 1) {
            throw new IllegalArgumentException("--keep must be at least 1 (the newest image of each OS is always kept), got " + keep);
        }
        InUseList used = inUse == null ? InUseList.none()
                : TextFile.parse(inUse, text -> InUseList.parse(text, "--in-use"));
        try (BlobStore blobs = open()) {
            Pruner pruner = new Pruner(blobs);
            PrunePlan plan = pruner.plan(prefix, keep, used, now == null ? Instant.now() : now);
            List<String> deleted = dryRun ? List.of() : pruner.apply(plan);
            output.print(new Printed(plan, deleted, dryRun));
        }
        return Main.OK;
    }

    /** The store: an existing directory (never created here) or an s3:// bucket prefix. */
    private BlobStore open() throws IOException {
        if (StoreOptions.isS3(store)) {
            return storeOptions.openS3(store);
        }
        storeOptions.requireNoS3Options(store);
        if (!Files.isDirectory(Path.of(store))) {
            throw new IllegalArgumentException("--store " + store + " is not a directory");
        }
        return new FsBlobStore(Path.of(store));
    }

    record Printed(PrunePlan plan, List<String> deleted, boolean dryRun) implements OutputOptions.Printable {
        @Override
        public String text() {
            StringBuilder sb = new StringBuilder();
            for (PrunePlan.Decision d : plan.decisions()) {
                String action = d.delete() ? (dryRun ? "delete" : deleted.contains(d.image().directory()) ? "deleted" : "gone")
                        : "keep";
                sb.append(String.format("%-8s %-36s %-40s %s%s%n", action, d.image().id(), d.image().directory(),
                        d.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                        d.expiration() == null ? "" : " (expires " + d.expiration() + ")"));
            }
            sb.append(dryRun ? "dry run: would delete " + plan.deletions().size() : "deleted " + deleted.size())
                    .append(", kept ").append(plan.kept().size()).append('\n');
            return sb.toString();
        }

        @Override
        public Object data() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dryRun", dryRun);
            m.put("decisions", plan.decisions().stream().map(d -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("id", d.image().id().toString());
                x.put("directory", d.image().directory());
                x.put("delete", d.delete());
                x.put("reason", d.reason().name().toLowerCase(Locale.ROOT));
                x.put("expiration", d.expiration() == null ? null : d.expiration().toString());
                return x;
            }).toList());
            m.put("deleted", deleted);
            return m;
        }
    }
}
