package io.osimg.store.publish;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an image was published.
 *
 * @param directory the image directory in the store, e.g. {@code 20261126/debian/12}
 * @param location where its {@code img.tar.lz4} is now: a path, an http(s) URL or an {@code s3://} URL
 * @param localDirectory the image directory on this machine, for a store directory; empty for a remote store
 */
public record PublishedImage(String directory, String location, Optional<Path> localDirectory) {}
