package io.osimg.core.store;

import io.osimg.core.image.ImageId;
import io.osimg.core.image.ImageVersion;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The store layout of contract section 2: keys {@code [<prefix>/]<imagesdir>/<os>/<versionDir>/<file>} and the
 * image IDs they stand for.
 *
 * <p>ID forms: a release key {@code debian/13} at {@code 20260131} is {@code debian-13.0.20260131}; the flavor
 * of a derived image joins the OS: {@code firewall/3.0-ubuntu} at {@code 20260201} is
 * {@code firewall-ubuntu-3.0.20260201}. A version directory without a minor gets {@code .0}; a given minor keeps
 * its spelling ({@code ubuntu/24.04} gives {@code ubuntu-24.04.20240913}). Stable and pull-request builds have no
 * patch: their ID is the ID without a patch ({@code debian-13.0}, {@code firewall-ubuntu-3.0}); the channel
 * (and pull request) stay in the {@link StoreKey}, so such IDs are only unique together with it.
 */
public final class StoreLayout {

    /** The store's work directory under its root ({@code .staging}): never part of the store's images, never served. */
    public static final String STAGING_DIRECTORY = ".staging";


    private StoreLayout() {
    }

    /**
     * Parses a store key; empty when it is not the key of an image file. A prefix may be absent or have several
     * segments. A pull-request directory takes precedence, then {@code stable}, then a release date.
     */
    public static Optional<StoreKey> parseKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            return Optional.empty();
        }
        String[] s = key.split("/", -1);
        if (s.length < 4 || Arrays.stream(s).anyMatch(String::isEmpty)) {
            return Optional.empty();
        }
        int n = s.length;
        String file = s[n - 1];
        String versionDir = s[n - 2];
        String os = s[n - 3];
        try {
            if (n >= 5 && s[n - 5].equals(Channel.PULL_REQUESTS_DIR)) {
                return Optional.of(new StoreKey(join(s, n - 5), Channel.PULL_REQUEST, null, s[n - 4], os, versionDir, file));
            }
            if (s[n - 4].equals(Channel.STABLE_DIR)) {
                return Optional.of(new StoreKey(join(s, n - 4), Channel.STABLE, null, null, os, versionDir, file));
            }
            return Optional.of(new StoreKey(join(s, n - 4), Channel.RELEASE, s[n - 4], null, os, versionDir, file));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String join(String[] segments, int end) {
        return String.join("/", Arrays.copyOfRange(segments, 0, end));
    }

    /**
     * The image directory {@code [prefix/]<imagesdir>/<os>/<versionDir>}.
     *
     * @param releaseOrPr the date {@code YYYYMMDD} for {@link Channel#RELEASE}, the {@code <number>-<branch>}
     *                    for {@link Channel#PULL_REQUEST}, ignored for {@link Channel#STABLE}
     */
    public static String imageDir(String prefix, Channel ch, String releaseOrPr, String os, String versionDir) {
        return key(prefix, ch, releaseOrPr, os, versionDir, ImageFiles.IMAGE).imageDir();
    }

    /** The key of {@code file} in the given image directory. */
    public static StoreKey key(String prefix, Channel ch, String releaseOrPr, String os, String versionDir, String file) {
        return new StoreKey(prefix, ch,
                ch == Channel.RELEASE ? releaseOrPr : null,
                ch == Channel.PULL_REQUEST ? releaseOrPr : null,
                os, versionDir, file);
    }

    /** The image ID a key stands for (see the class comment for the forms). */
    public static ImageId imageIdOf(StoreKey k) {
        Matcher m = StoreKey.VERSION_DIR.matcher(k.versionDir());
        if (!m.matches()) {
            throw new IllegalArgumentException("store key " + k + ": version directory is not MAJOR[.MINOR][-FLAVOR]");
        }
        String os = m.group(3) == null ? k.os() : k.os() + "-" + m.group(3);
        String version = m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2));
        if (k.channel() == Channel.RELEASE) {
            version += "." + k.release();
        }
        return ImageId.of(os, ImageVersion.parse(version));
    }

    /**
     * Where an image of the given ID lives. An ID with a patch is a release (the patch must be a date
     * {@code YYYYMMDD}); an ID without a patch is the stable build. The whole OS of the ID becomes the OS
     * directory; for a derived image with a flavor directory use {@link #keyOf(String, ImageId, String, String)}.
     */
    public static StoreKey keyOf(String prefix, ImageId id, String file) {
        return keyOf(prefix, id, null, file);
    }

    /**
     * Where an image of the given ID lives, with the OS's trailing {@code -flavor} moved into the version
     * directory: {@code firewall-ubuntu-3.0.20260201} with flavor {@code ubuntu} is
     * {@code 20260201/firewall/3.0-ubuntu}.
     *
     * @param flavor null for no flavor
     */
    public static StoreKey keyOf(String prefix, ImageId id, String flavor, String file) {
        ImageVersion v = id.version();
        if (v.isPreRelease() || !v.metadata().isEmpty()) {
            throw new IllegalArgumentException("image " + id + ": a stored image version has no pre-release or metadata");
        }
        String os = id.os();
        String suffix = "";
        if (flavor != null) {
            if (!os.endsWith("-" + flavor) || os.length() == flavor.length() + 1) {
                throw new IllegalArgumentException("image " + id + ": OS '" + os + "' does not end with flavor '-" + flavor + "'");
            }
            os = os.substring(0, os.length() - flavor.length() - 1);
            suffix = "-" + flavor;
        }
        String versionDir = majorMinorText(v) + suffix;
        if (!v.hasPatch()) {
            return new StoreKey(prefix, Channel.STABLE, null, null, os, versionDir, file);
        }
        String release = Long.toString(v.patch());
        try {
            StoreKey.requireRelease(release);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image " + id + ": patch " + v.patch() + " is not a release date YYYYMMDD", e);
        }
        return new StoreKey(prefix, Channel.RELEASE, release, null, os, versionDir, file);
    }

    /** {@code major.minor} as spelled in the original ({@code 24.04} stays {@code 24.04}). */
    private static String majorMinorText(ImageVersion v) {
        String text = v.original().startsWith("v") ? v.original().substring(1) : v.original();
        String[] parts = text.split("[-+]", 2)[0].split("\\.");
        return parts[0] + "." + (parts.length > 1 ? parts[1] : "0");
    }
}
