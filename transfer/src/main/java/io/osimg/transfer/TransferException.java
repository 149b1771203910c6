package io.osimg.transfer;

import java.io.IOException;
import java.net.URI;

/** A transfer from {@link #url()} failed; {@link #status()} is the HTTP status, or -1 when there was none. */
public class TransferException extends IOException {

    private final URI url;
    private final int status;

    public TransferException(URI url, int status, String message, Throwable cause) {
        super(message, cause);
        this.url = url;
        this.status = status;
    }

    public TransferException(URI url, int status, String message) {
        this(url, status, message, null);
    }

    public URI url() {
        return url;
    }

    public int status() {
        return status;
    }

    /** True for answers that will not change on a retry: client errors other than 408, 425 and 429. */
    public boolean permanent() {
        return isPermanent(status);
    }

    static boolean isPermanent(int status) {
        return status >= 300 && status < 500 && status != 408 && status != 425 && status != 429;
    }
}
