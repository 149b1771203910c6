package io.osimg.core.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An image ID {@code <os>-<version>}: the OS is everything before the last dash and may itself contain dashes
 * ({@code ubuntu-small-19.04.20200408} is OS {@code ubuntu-small}, version 19.4.20200408). Because the last
 * dash separates the two, a version in an ID cannot carry a pre-release suffix.
 *
 * <p>Equality is textual ({@link #raw()}); compare {@link #os()} and {@link #version()} for semantic equality.
 * Serialized to JSON/YAML as its raw string.
 *
 * @param os      the OS name, not empty
 * @param version the version
 * @param raw     the ID as written
 */
public record ImageId(String os, ImageVersion version, String raw) {

    public ImageId {
        if (os == null || os.isEmpty()) {
            throw new IllegalArgumentException("image id '" + raw + "': empty OS");
        }
        if (version == null) {
            throw new IllegalArgumentException("image id '" + raw + "': no version");
        }
        raw = raw == null ? os + "-" + version.original() : raw;
    }

    /**
     * Parses an image ID.
     *
     * @throws IllegalArgumentException naming the ID and the problem
     */
    @JsonCreator
    public static ImageId parse(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("image id '" + id + "': empty");
        }
        int dash = id.lastIndexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("image id '" + id + "': no '-' between OS and version");
        }
        String os = id.substring(0, dash);
        String version = id.substring(dash + 1);
        if (os.isEmpty()) {
            throw new IllegalArgumentException("image id '" + id + "': empty OS before the last '-'");
        }
        if (version.isEmpty()) {
            throw new IllegalArgumentException("image id '" + id + "': empty version after the last '-'");
        }
        try {
            return new ImageId(os, ImageVersion.parse(version), id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image id '" + id + "': " + e.getMessage(), e);
        }
    }

    /** The ID {@code os + "-" + version.original()}. */
    public static ImageId of(String os, ImageVersion version) {
        return new ImageId(os, version, os + "-" + version.original());
    }

    /** True when the ID names one build (its patch is greater than zero). */
    public boolean hasPatch() {
        return version.hasPatch();
    }

    @JsonValue
    @Override
    public String toString() {
        return raw;
    }
}
