package io.osimg.image;

import io.osimg.core.image.ImageManifest;
import io.osimg.store.publish.PublishedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * What a build published.
 *
 * @param id the image ID, e.g. {@code debian-12.0.20261126}
 * @param published where the image is now
 * @param files the files written there, by name
 * @param manifest the manifest written beside the image
 * @param entries tar entries written (-1 when a tar source was passed through)
 */
public record BuildResult(String id, PublishedImage published, List<String> files, ImageManifest manifest, long entries) {

    /**
     * The published image directory, for a build into a store directory.
     *
     * @throws IllegalStateException when the image went to a remote store
     */
    public Path directory() {
        return published.localDirectory().orElseThrow(() -> new IllegalStateException(
                "image " + id + " was published to " + published.location() + ", not into a local directory"));
    }
}
