package io.osimg.transfer;

import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * What identifies one version of an object on a server: its ETag and/or Last-Modified date.
 * Either may be null; {@link #NONE} has neither.
 */
record Validator(String etag, String lastModified) {

    static final Validator NONE = new Validator(null, null);

    static Validator from(HttpHeaders headers) {
        return new Validator(headers.firstValue("ETag").orElse(null),
                headers.firstValue("Last-Modified").orElse(null));
    }

    boolean isEmpty() {
        return etag == null && lastModified == null;
    }

    /**
     * The value for {@code If-Range}: a strong ETag if there is one, else the Last-Modified date
     * (If-Range forbids weak ETags).
     */
    Optional<String> ifRange() {
        if (etag != null && !etag.startsWith("W/")) {
            return Optional.of(etag);
        }
        return Optional.ofNullable(lastModified);
    }

    /**
     * Whether {@code other}, seen later on the same URL, may be the same object: false only when both carry
     * the same kind of validator and the values differ.
     */
    boolean compatibleWith(Validator other) {
        if (etag != null && other.etag != null) {
            return etag.equals(other.etag);
        }
        if (lastModified != null && other.lastModified != null) {
            return lastModified.equals(other.lastModified);
        }
        return true;
    }

    String describe() {
        if (etag != null) {
            return "ETag " + etag;
        }
        return lastModified != null ? "Last-Modified " + lastModified : "no validator";
    }
}
