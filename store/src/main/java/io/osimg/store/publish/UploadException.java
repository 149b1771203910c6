package io.osimg.store.publish;

import java.io.IOException;

/** An osimg server refused or failed an upload; carries the HTTP status (0 when none was received). */
public final class UploadException extends IOException {

    private final int status;

    public UploadException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
