package io.osimg.core.packages;

import java.util.function.ToIntBiFunction;

/**
 * A package version of the form both dpkg and rpm use, {@code [epoch:]version[-release]}: the epoch a number
 * (absent: 0; all digits before the first {@code :}), the release (Debian: revision) after the last {@code -}.
 * The two orders differ only in how they compare the version and the release strings.
 */
record EpochVersion(long epoch, String version, String release) {

    static EpochVersion parse(String v) {
        String s = v.strip();
        long epoch = 0;
        int colon = s.indexOf(':');
        if (colon > 0 && s.substring(0, colon).chars().allMatch(Character::isDigit)) {
            String digits = s.substring(0, colon);
            epoch = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
            s = s.substring(colon + 1);
        }
        int dash = s.lastIndexOf('-');
        return dash < 0 ? new EpochVersion(epoch, s, "") : new EpochVersion(epoch, s.substring(0, dash), s.substring(dash + 1));
    }

    /** -1, 0 or 1: epochs as numbers, then version, then release by {@code segments}. */
    static int compare(String a, String b, ToIntBiFunction<String, String> segments) {
        EpochVersion x = parse(a);
        EpochVersion y = parse(b);
        int c = Long.compare(x.epoch, y.epoch);
        if (c != 0) {
            return c;
        }
        c = Integer.signum(segments.applyAsInt(x.version, y.version));
        return c != 0 ? c : Integer.signum(segments.applyAsInt(x.release, y.release));
    }
}
