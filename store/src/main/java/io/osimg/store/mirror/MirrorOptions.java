package io.osimg.store.mirror;

import java.util.Objects;

/**
 * How a mirror round runs.
 *
 * @param policy   what to keep
 * @param prefix   only upstream keys under this prefix are listed and only local images under it are deleted
 *                 ({@code ""} for all)
 * @param parallel image transfers at the same time, at least 1
 * @param delete   remove local images (under the prefix) that the plan does not keep
 * @param dryRun   compute and report the plan, change nothing
 */
public record MirrorOptions(RetentionPolicy policy, String prefix, int parallel, boolean delete, boolean dryRun) {

    public MirrorOptions {
        Objects.requireNonNull(policy, "policy");
        prefix = prefix == null ? "" : prefix;
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel transfers must be at least 1, got " + parallel);
        }
    }

    /** Default policy, whole upstream, 2 transfers at a time, no deletion, for real. */
    public static MirrorOptions defaults() {
        return new MirrorOptions(RetentionPolicy.defaults(), "", 2, false, false);
    }

    public MirrorOptions withPolicy(RetentionPolicy p) {
        return new MirrorOptions(p, prefix, parallel, delete, dryRun);
    }

    public MirrorOptions withPrefix(String p) {
        return new MirrorOptions(policy, p, parallel, delete, dryRun);
    }

    public MirrorOptions withParallel(int n) {
        return new MirrorOptions(policy, prefix, n, delete, dryRun);
    }

    public MirrorOptions withDelete(boolean b) {
        return new MirrorOptions(policy, prefix, parallel, b, dryRun);
    }

    public MirrorOptions withDryRun(boolean b) {
        return new MirrorOptions(policy, prefix, parallel, delete, b);
    }
}
