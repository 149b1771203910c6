package io.osimg.transfer;

import java.net.URI;

/**
 * Where a stream starts: at {@code offset} of an object whose first bytes the caller already holds,
 * fetched earlier from {@code url} (null if unknown) where it carried {@code validator} and had {@code totalBytes}
 * (-1 if unknown).
 */
record ResumePoint(long offset, URI url, Validator validator, long totalBytes) {

    static final ResumePoint START = new ResumePoint(0, null, Validator.NONE, -1);

    ResumePoint {
        if (offset < 0 || totalBytes < -1) {
            throw new IllegalArgumentException("bad resume point: offset " + offset + ", total " + totalBytes);
        }
    }
}
