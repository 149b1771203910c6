package io.osimg.transfer;

/** Receives progress of a transfer: at most about ten events a second, and always a final one at the end. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = p -> { };

    void onProgress(Progress progress);
}
