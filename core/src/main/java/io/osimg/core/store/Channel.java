package io.osimg.core.store;

/** Where in a store an image build lives: the {@code <imagesdir>} of contract section 2. */
public enum Channel {
    /** {@code YYYYMMDD/}: an immutable release; the date is the image's patch version. */
    RELEASE,
    /** {@code stable/}: the rolling build of the main branch. */
    STABLE,
    /** {@code pull_requests/<number>-<branch>/}: a pull-request build. */
    PULL_REQUEST;

    /** The directory name of the stable channel. */
    public static final String STABLE_DIR = "stable";
    /** The directory that holds one directory per pull request. */
    public static final String PULL_REQUESTS_DIR = "pull_requests";
}
