package io.osimg.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key (path) of one file of an image in a store:
 * {@code [<prefix>/]<imagesdir>/<os>/<versionDir>/<file>}, see {@link StoreLayout}.
 *
 * @param prefix      the free prefix, possibly with several segments ({@code "metal-os"}, {@code "a/b"}); {@code ""} for none
 * @param channel     release, stable or pull request
 * @param release     the release date {@code YYYYMMDD} for {@link Channel#RELEASE}, else null
 * @param pullRequest the pull-request directory {@code <number>-<branch>} for {@link Channel#PULL_REQUEST}, else null
 * @param os          the OS directory ({@code debian}, {@code firewall})
 * @param versionDir  the version directory: {@code 13}, {@code 24.04} or {@code 3.0-ubuntu}
 * @param file        the file name ({@link ImageFiles})
 */
public record StoreKey(String prefix, Channel channel, String release, String pullRequest, String os,
                       String versionDir, String file) {

    static final Pattern VERSION_DIR = Pattern.compile("([0-9]+)(?:\\.([0-9]+))?(?:-([A-Za-z0-9][A-Za-z0-9._-]*))?");
    static final Pattern PULL_REQUEST = Pattern.compile("[0-9]+(-[^/]*)?");
    private static final Pattern RELEASE = Pattern.compile("[0-9]{8}");

    public StoreKey {
        prefix = prefix == null ? "" : stripSlashes(prefix);
        if (channel == null) {
            throw new IllegalArgumentException("store key: no channel");
        }
        switch (channel) {
            case RELEASE -> {
                requireRelease(release);
                requireAbsent(pullRequest, "pull request", channel);
            }
            case PULL_REQUEST -> {
                if (pullRequest == null || !PULL_REQUEST.matcher(pullRequest).matches()) {
                    throw new IllegalArgumentException("store key: pull request directory '" + pullRequest
                            + "' is not <number>-<branch>");
                }
                requireAbsent(release, "release", channel);
            }
            case STABLE -> {
                requireAbsent(release, "release", channel);
                requireAbsent(pullRequest, "pull request", channel);
            }
        }
        requireSegment(os, "os");
        requireSegment(file, "file");
        if (versionDir == null || !VERSION_DIR.matcher(versionDir).matches()) {
            throw new IllegalArgumentException("store key: version directory '" + versionDir
                    + "' is not MAJOR[.MINOR][-FLAVOR]");
        }
    }

    private static String stripSlashes(String prefix) {
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static void requireRelease(String release) {
        if (release == null || !RELEASE.matcher(release).matches()) {
            throw new IllegalArgumentException("store key: release '" + release + "' is not a date YYYYMMDD");
        }
        try {
            LocalDate.parse(release, DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("store key: release '" + release + "' is not a valid date", e);
        }
    }

    private static void requireAbsent(String value, String what, Channel channel) {
        if (value != null) {
            throw new IllegalArgumentException("store key: a " + channel + " key has no " + what + " ('" + value + "')");
        }
    }

    private static void requireSegment(String value, String what) {
        if (value == null || value.isEmpty() || value.contains("/") || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("store key: " + what + " '" + value + "' is not one path segment");
        }
    }

    /** The release date as the start of that day (UTC); empty for stable and pull-request builds. */
    public Optional<Instant> releaseDate() {
        return channel != Channel.RELEASE ? Optional.empty() : Optional.of(
                LocalDate.parse(release, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** The images directory: {@code 20240913}, {@code stable} or {@code pull_requests/42-fix}. */
    public String imagesDir() {
        return switch (channel) {
            case RELEASE -> release;
            case STABLE -> Channel.STABLE_DIR;
            case PULL_REQUEST -> Channel.PULL_REQUESTS_DIR + "/" + pullRequest;
        };
    }

    /** The directory of the image, with the prefix: {@code metal-os/20240913/debian/13}. */
    public String imageDir() {
        return (prefix.isEmpty() ? "" : prefix + "/") + imagesDir() + "/" + os + "/" + versionDir;
    }

    /** The same image directory with another file. */
    public StoreKey withFile(String otherFile) {
        return new StoreKey(prefix, channel, release, pullRequest, os, versionDir, otherFile);
    }

    /** The full key: {@code metal-os/20240913/debian/13/img.tar.lz4}. */
    public String key() {
        return imageDir() + "/" + file;
    }

    @Override
    public String toString() {
        return key();
    }
}
