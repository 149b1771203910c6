package io.osimg.transfer;

import java.net.URI;

/** The object changed between two requests of one download; bytes of both versions must not be mixed. */
public final class ObjectChangedException extends TransferException {

    public ObjectChangedException(URI url, int status, String message) {
        super(url, status, message);
    }
}
