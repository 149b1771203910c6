package io.osimg.image;

import io.osimg.archive.lz4.Lz4Options;
import io.osimg.core.store.Channel;
import io.osimg.image.source.ImageSource;
import io.osimg.trust.SigningKeys;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything {@code osimg build} needs to know, validated once here at the edge.
 *
 * @param source what the image is built from: a root filesystem (a directory, a tar file, plain or compressed, or a
 *     tar on standard input) or a container image ({@link io.osimg.image.source.ImageSources} tells them apart)
 * @param os the OS name, e.g. {@code debian} or {@code firewall}
 * @param version the version directory, {@code MAJOR[.MINOR][-flavor]}, e.g. {@code 12} or {@code 3.0-ubuntu}
 * @param channel release (immutable, dated), stable (rolling) or pull request
 * @param release the release date {@code YYYYMMDD} for {@link Channel#RELEASE}, else null
 * @param pullRequest {@code <number>-<branch>} for {@link Channel#PULL_REQUEST}, else null
 * @param sourceDateEpoch when set, the build is reproducible: entries sorted, mtimes clamped to it, and it is the
 *     creation time recorded in the manifest
 * @param lz4 compression settings
 * @param features image features for the manifest ({@code machine}, {@code firewall})
 * @param classification {@code preview}, {@code supported} or {@code deprecated}
 * @param signingKeys the keys that sign the image's sha512 file and manifest ({@code --sign-key}), perhaps still being read
 *     and unlocked while the build runs; {@link SigningKeys#none()} for none
 */
public record BuildRequest(ImageSource source, String os, String version, Channel channel, String release,
        String pullRequest, Instant sourceDateEpoch, Lz4Options lz4, Set<String> features,
        String classification, SigningKeys signingKeys) {

    private static final Pattern OS = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)?(-[a-z0-9][a-z0-9.]*)?");
    private static final Pattern PULL_REQUEST = Pattern.compile("\\d+-[A-Za-z0-9._-]+");
    private static final Set<String> CLASSIFICATIONS = Set.of("preview", "supported", "deprecated");

    /** An unsigned build. */
    public BuildRequest(ImageSource source, String os, String version, Channel channel, String release,
            String pullRequest, Instant sourceDateEpoch, Lz4Options lz4, Set<String> features,
            String classification) {
        this(source, os, version, channel, release, pullRequest, sourceDateEpoch, lz4, features, classification,
                SigningKeys.none());
    }

    /** An unsigned build of the root filesystem at {@code source}, a directory or a tar file. */
    public BuildRequest(Path source, String os, String version, Channel channel, String release,
            String pullRequest, Instant sourceDateEpoch, Lz4Options lz4, Set<String> features,
            String classification) {
        this(new ImageSource.RootFilesystem(source), os, version, channel, release, pullRequest, sourceDateEpoch, lz4,
                features, classification, SigningKeys.none());
    }

    public BuildRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(lz4, "lz4");
        if (os == null || !OS.matcher(os).matches()) {
            throw new IllegalArgumentException("--os '" + os + "': an OS name is lower-case letters, digits and dashes, e.g. 'debian' or 'firewall'");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("--version '" + version + "': expected MAJOR.MINOR (e.g. 12, 24.04 or 3.0-ubuntu for a derived image)");
        }
        switch (channel) {
            case RELEASE -> {
                if (release == null) {
                    throw new IllegalArgumentException("a release build needs --release YYYYMMDD");
                }
                try {
                    LocalDate.parse(release, DateTimeFormatter.BASIC_ISO_DATE);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--release '" + release + "': not a date YYYYMMDD");
                }
            }
            case PULL_REQUEST -> {
                if (pullRequest == null || !PULL_REQUEST.matcher(pullRequest).matches()) {
                    throw new IllegalArgumentException("--pull-request '" + pullRequest + "': expected <number>-<branch>, e.g. 42-fix-dns");
                }
            }
            case STABLE -> { }
        }
        features = features == null || features.isEmpty() ? Set.of("machine") : Set.copyOf(features);
        signingKeys = signingKeys == null ? SigningKeys.none() : signingKeys;
        if (classification == null) {
            classification = "preview";
        }
        if (!CLASSIFICATIONS.contains(classification)) {
            throw new IllegalArgumentException("--classification '" + classification + "': one of preview, supported, deprecated");
        }
    }

    /** Whether the build must be byte-for-byte reproducible. */
    public boolean reproducible() {
        return sourceDateEpoch != null;
    }

    /** The release date or pull request the store directory is named after, null for stable. */
    public String channelName() {
        return switch (channel) {
            case RELEASE -> release;
            case PULL_REQUEST -> pullRequest;
            case STABLE -> null;
        };
    }
}
