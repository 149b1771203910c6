package io.osimg.transfer;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One progress event.
 *
 * @param url            the URL currently read from
 * @param bytesDone      bytes of the object delivered so far
 * @param totalBytes     the object's size, -1 when the server did not say
 * @param bytesPerSecond the smoothed delivery rate
 * @param eta            the estimated time to completion, null when unknown
 * @param attempt        the number of the current request (1 for the first)
 * @param resumedFrom    the object offset the current request started at (0 unless resumed)
 * @param finished       true for the final event, sent once the last byte is delivered
 */
public record Progress(URI url, long bytesDone, long totalBytes, double bytesPerSecond, Duration eta,
                       int attempt, long resumedFrom, boolean finished) {

    public Progress {
        Objects.requireNonNull(url, "url");
        if (bytesDone < 0 || totalBytes < -1 || bytesPerSecond < 0 || attempt < 1 || resumedFrom < 0) {
            throw new IllegalArgumentException("inconsistent progress: done=" + bytesDone + " total=" + totalBytes
                    + " rate=" + bytesPerSecond + " attempt=" + attempt + " resumedFrom=" + resumedFrom);
        }
    }
}
