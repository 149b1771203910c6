package io.osimg.image;

/** Progress of a build, for a progress line on a terminal. */
public interface BuildListener {
    /**
     * Called every few megabytes.
     *
     * @param tarBytes uncompressed tar bytes written so far
     * @param sourceBytes bytes of the source read so far (a tar source), or -1 for a directory
     * @param sourceTotal size of the source file, or -1 when not known in advance
     */
    default void progress(long tarBytes, long sourceBytes, long sourceTotal) {}

    /** A non-fatal problem, such as a socket left out of the archive. */
    default void warning(String message) {}

    BuildListener NONE = new BuildListener() {};
}
