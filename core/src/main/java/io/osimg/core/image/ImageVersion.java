package io.osimg.core.image;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version part of an image ID, parsed leniently like Masterminds/semver v3 {@code NewVersion}.
 *
 * <p>Supported forms: {@code MAJOR[.MINOR[.PATCH]][-PRERELEASE][+METADATA]} with an optional leading
 * {@code v}. Missing parts are zero ({@code "13"} = 13.0.0), leading zeros in major, minor and patch are
 * tolerated ({@code "20.04"} = 20.4.0), the patch is usually a date ({@code "19.10.20191018"}). Pre-release
 * and metadata identifiers are dot-separated {@code [0-9A-Za-z-]+}; a numeric pre-release identifier must not
 * have a leading zero (as in semver). Four or more numeric parts, empty parts and other characters are rejected.
 *
 * <p>Ordering is semver precedence: major, minor, patch, then a pre-release sorts before the release
 * ({@code 1.0.0-rc1 < 1.0.0}); metadata is ignored. {@link #equals} agrees with {@link #compareTo}: {@code 20.04}
 * equals {@code 20.4.0}; {@link #original()} keeps the text as given.
 *
 * @param major      the major version, 0 or more
 * @param minor      the minor version, 0 when not given
 * @param patch      the patch version (a date YYYYMMDD for released images), 0 when not given
 * @param preRelease the pre-release identifiers without the dash, {@code ""} when none
 * @param metadata   the build metadata without the plus, {@code ""} when none
 * @param original   the text the version was parsed from
 */
public record ImageVersion(int major, int minor, long patch, String preRelease, String metadata, String original)
        implements Comparable<ImageVersion> {

    private static final Pattern FORM = Pattern.compile(
            "v?([0-9]+)(?:\\.([0-9]+))?(?:\\.([0-9]+))?"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
                    + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    public ImageVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version " + original + ": parts must not be negative");
        }
        preRelease = preRelease == null ? "" : preRelease;
        metadata = metadata == null ? "" : metadata;
        original = original == null ? major + "." + minor + "." + patch : original;
    }

    /** A release version without pre-release or metadata. */
    public ImageVersion(int major, int minor, long patch, String original) {
        this(major, minor, patch, "", "", original);
    }

    /** A release version {@code major.minor.patch}. */
    public static ImageVersion of(int major, int minor, long patch) {
        return new ImageVersion(major, minor, patch, major + "." + minor + "." + patch);
    }

    /**
     * Parses {@code s}.
     *
     * @throws IllegalArgumentException naming the input and the problem
     */
    public static ImageVersion parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("version '" + s + "': empty");
        }
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("version '" + s
                    + "': not of the form MAJOR[.MINOR[.PATCH]][-PRERELEASE][+METADATA]");
        }
        int major = intPart(s, "major", m.group(1));
        int minor = m.group(2) == null ? 0 : intPart(s, "minor", m.group(2));
        long patch = m.group(3) == null ? 0 : longPart(s, m.group(3));
        String pre = m.group(4) == null ? "" : m.group(4);
        for (String ident : pre.split("\\.")) {
            if (ident.length() > 1 && ident.charAt(0) == '0' && ident.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("version '" + s + "': pre-release identifier '" + ident
                        + "' has a leading zero");
            }
        }
        return new ImageVersion(major, minor, patch, pre, m.group(5), s);
    }

    /** Parses {@code s}, empty when it is not a version. */
    public static Optional<ImageVersion> tryParse(String s) {
        try {
            return Optional.of(parse(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int intPart(String s, String name, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version '" + s + "': " + name + " '" + digits + "' is too large", e);
        }
    }

    private static long longPart(String s, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version '" + s + "': patch '" + digits + "' is too large", e);
        }
    }

    /** True when the patch is greater than zero, i.e. the version names one build. */
    public boolean hasPatch() {
        return patch > 0;
    }

    /** True when a pre-release is attached ({@code 1.0.0-rc1}). */
    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** {@code major.minor.patch[-pre][+meta]} without leading zeros. */
    public String canonical() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease)
                + (metadata.isEmpty() ? "" : "+" + metadata);
    }

    @Override
    public int compareTo(ImageVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, o.patch);
        }
        return c != 0 ? c : comparePreRelease(preRelease, o.preRelease);
    }

    private static int comparePreRelease(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isEmpty()) {
            return 1;
        }
        if (b.isEmpty()) {
            return -1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareIdentifier(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            int c = Integer.compare(a.length(), b.length());
            return c != 0 ? c : a.compareTo(b);
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, patch, preRelease);
    }

    /** The original text. */
    @Override
    public String toString() {
        return original;
    }
}
