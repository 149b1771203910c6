package io.osimg.image.source.oci;

import io.osimg.image.source.layer.LayerSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A source that is a container image: an OCI layout or archive, a {@code docker save} archive, an image in a
 * registry, a Dockerfile to build. Opening it brings its layers onto the disk (as blobs, never unpacked) and reads
 * its configuration.
 */
public interface ContainerImage {

    /** The source as the user gave it, e.g. {@code oci:build/layout:v1}. */
    String reference();

    /**
     * Gets the image's layers and configuration.
     *
     * @param work a fresh directory for whatever must be on disk (downloaded or extracted blobs), removed by the
     *     caller afterwards
     * @param arch the architecture to choose from a multi-architecture index, e.g. {@code amd64}
     * @param log  progress and warnings for the user
     */
    LayeredImage open(Path work, String arch, Consumer<String> log) throws IOException;

    /**
     * As {@link #open(Path, String, Consumer)}, handing each layer to {@code arrived} as soon as its blob is on the
     * disk, lowest first, so that reading it can start while later layers are still being fetched. By default all
     * layers are handed over once the image is open.
     */
    default LayeredImage open(Path work, String arch, Consumer<String> log, LayerSink arrived)
            throws IOException {
        LayeredImage image = open(work, arch, log);
        image.layers().forEach(arrived::arrived);
        return image;
    }
}
