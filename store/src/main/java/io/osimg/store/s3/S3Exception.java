package io.osimg.store.s3;

import io.osimg.store.StoreException;

/** A request S3 answered with an error status: keeps the status and S3's error code. */
public final class S3Exception extends StoreException {

    private final int status;
    private final String code;

    S3Exception(String what, int status, String code, String message) {
        super(what + ": HTTP " + status + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message));
        this.status = status;
        this.code = code;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** S3's error code ({@code NoSuchBucket}, {@code SignatureDoesNotMatch}, ...), empty when the body had none. */
    public String code() {
        return code;
    }
}
