package io.osimg.store;

import java.io.IOException;

/** Root of the store's I/O and integrity failures. */
public class StoreException extends IOException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
