package io.osimg.image.source.layer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One layer of a container image: a tar blob on disk (plain, gzip or zstd, told by its first bytes) and the digest
 * its bytes must have.
 *
 * @param blob   the layer's file, as the source holds it (compressed); never unpacked
 * @param digest {@code sha256:<hex>} of the blob's bytes, or null when the source states none
 * @param name   how messages name the layer, e.g. {@code layer 2 of 3 (sha256:ab12...)}
 * @param diffId {@code sha256:<hex>} of the uncompressed tar (a configuration's {@code rootfs.diff_ids}), checked
 *     when the blob is compressed; null when not to be checked
 */
public record Layer(Path blob, String digest, String name, String diffId) {

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    public Layer {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(name, "name");
        if (digest != null && !SHA256.matcher(digest).matches()) {
            throw new IllegalArgumentException(name + ": digest '" + digest + "' is not sha256:<64 hex digits>");
        }
        if (diffId != null && !SHA256.matcher(diffId).matches()) {
            throw new IllegalArgumentException(name + ": diff_id '" + diffId + "' is not sha256:<64 hex digits>");
        }
    }

    /** A layer whose uncompressed content is not checked on its own. */
    public Layer(Path blob, String digest, String name) {
        this(blob, digest, name, null);
    }

    /** The hex part of the digest, or null. */
    public String sha256() {
        return digest == null ? null : digest.substring("sha256:".length());
    }
}
