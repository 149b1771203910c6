package io.osimg.transfer;

import io.osimg.core.checksum.DigestAlgorithm;

import java.nio.file.Path;
import java.util.Map;

/**
 * A finished download.
 *
 * @param file              the target file
 * @param size              its size in bytes
 * @param digests           hex digests of the whole file, by algorithm
 * @param attempts          requests made by this call
 * @param bytesRedownloaded bytes fetched more than once because of dropped connections
 * @param resumedFrom       the size of the partial file this call continued, 0 if it started afresh
 */
public record Download(Path file, long size, Map<DigestAlgorithm, String> digests, int attempts, long bytesRedownloaded,
                       long resumedFrom) {

    public Download {
        digests = Map.copyOf(digests);
    }
}
