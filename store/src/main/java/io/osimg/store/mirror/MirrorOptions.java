package io.osimg.store.mirror;

import io.osimg.trust.TrustPolicy;
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
 * @param trust    the keys an image's sha512 file must be signed by to be mirrored ({@code --trust}); null for none
 */
public record MirrorOptions(RetentionPolicy policy, String prefix, int parallel, boolean delete, boolean dryRun,
                            TrustPolicy trust) {

    public MirrorOptions(RetentionPolicy policy, String prefix, int parallel, boolean delete, boolean dryRun) {
        this(policy, prefix, parallel, delete, dryRun, null);
    }

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
        return new MirrorOptions(p, prefix, parallel, delete, dryRun, trust);
    }

    public MirrorOptions withPrefix(String p) {
        return new MirrorOptions(policy, p, parallel, delete, dryRun, trust);
    }

    public MirrorOptions withParallel(int n) {
        return new MirrorOptions(policy, prefix, n, delete, dryRun, trust);
    }

    public MirrorOptions withDelete(boolean b) {
        return new MirrorOptions(policy, prefix, parallel, b, dryRun, trust);
    }

    public MirrorOptions withDryRun(boolean b) {
        return new MirrorOptions(policy, prefix, parallel, delete, b, trust);
    }

    public MirrorOptions withTrust(TrustPolicy t) {
        return new MirrorOptions(policy, prefix, parallel, delete, dryRun, t);
    }
}
