package io.osimg.image;

import io.osimg.core.image.ImageManifest;
import java.nio.file.Path;
import java.util.List;

/**
 * What a build published.
 *
 * @param id the image ID, e.g. {@code debian-12.0.20261126}
 * @param directory the published image directory
 * @param files the files written there, by name
 * @param manifest the manifest written beside the image
 * @param entries tar entries written (-1 when a tar source was passed through)
 */
public record BuildResult(String id, Path directory, List<String> files, ImageManifest manifest, long entries) {}
