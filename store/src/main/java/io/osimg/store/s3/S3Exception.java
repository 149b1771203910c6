package io.osimg.store.s3;

import io.osimg.store.StoreException;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** A request S3 answered with an error status: keeps the status and S3's error code. */
public final class S3Exception extends StoreException {

    private final int status;
    private final String code;

    S3Exception(String what, int status, String code, String message, Throwable cause) {
        super(what + ": HTTP " + status + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message), cause);
        this.status = status;
        this.code = code;
    }

    /** The SDK's exception for an error answer, with the status, S3's code and message. */
    static S3Exception of(String what, AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details == null || details.errorCode() == null ? "" : details.errorCode();
        String message = details == null || details.errorMessage() == null ? "" : details.errorMessage();
        return new S3Exception(what, e.statusCode(), code, message, e);
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
