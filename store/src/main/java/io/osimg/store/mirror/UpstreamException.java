package io.osimg.store.mirror;

import io.osimg.store.StoreException;

/** The upstream of a mirror could not be listed or read, or answered with something that is not a listing. */
public final class UpstreamException extends StoreException {

    public UpstreamException(String message) {
        super(message);
    }

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
