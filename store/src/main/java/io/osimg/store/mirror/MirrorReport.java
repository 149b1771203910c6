package io.osimg.store.mirror;

import java.util.List;

/**
 * What one mirror round did.
 *
 * @param plan     the plan it followed
 * @param upToDate directories of kept images that were already local and current
 * @param fetched  directories of images downloaded, verified and published in this round
 * @param bytes    bytes received from upstream in this round
 * @param deleted  local image directories removed ({@code --delete})
 * @param failures images that could not be mirrored; the local store is unchanged for each
 * @param dryRun   true when nothing was changed on purpose
 */
public record MirrorReport(MirrorPlan plan, List<String> upToDate, List<String> fetched, long bytes,
                           List<String> deleted, List<Failure> failures, boolean dryRun) {

    /**
     * One image that failed.
     *
     * @param directory the image's directory
     * @param message   what went wrong, naming the file or URL
     * @param cause     the exception behind it, for callers that describe errors their own way (the CLI adds the
     *                  {@code --ca-cert} hint to an untrusted certificate); null when there is none
     */
    public record Failure(String directory, String message, Exception cause) {
    }

    public MirrorReport {
        upToDate = List.copyOf(upToDate);
        fetched = List.copyOf(fetched);
        deleted = List.copyOf(deleted);
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }

    /** One line: {@code kept 12 (fetched 3, up to date 9), 1.2 GB received, skipped 18, deleted 2, errors 0}. */
    public String summary() {
        return "kept " + plan.keep().size() + " (fetched " + fetched.size() + ", up to date " + upToDate.size()
                + (dryRun ? ", dry run" : "") + "), " + bytes + " bytes received, skipped " + plan.skipped().size()
                + ", deleted " + deleted.size() + ", errors " + failures.size();
    }
}
