package io.osimg.store.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.osimg.core.checksum.DigestMismatchException;
import io.osimg.store.BlobNotFoundException;
import io.osimg.store.InvalidKeyException;
import io.osimg.store.publish.ReleaseExistsException;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP answers. Codes are stable API:
 * {@code bad_request, invalid_key, not_found, method_not_allowed, session_required, unauthorized, forbidden, uploads_disabled,
 * checksum_required, checksum_mismatch, range_not_satisfiable, request_timeout, too_many_connections, http_version_not_supported,
 * not_implemented,
 * internal}.
 */
public final class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    private ErrorMapper() {
    }

    /** Maps a failure while handling {@code what} (method and path) to its answer; unexpected ones are logged. */
    public static HttpProblem map(Throwable failure, String what) {
        return switch (failure) {
            case RequestRejectedException e -> e.problem();
            case InvalidKeyException e -> new HttpProblem(HttpResponseStatus.BAD_REQUEST, "invalid_key", e.getMessage());
            case BlobNotFoundException e -> new HttpProblem(HttpResponseStatus.NOT_FOUND, "not_found", e.getMessage());
            case ReleaseExistsException e -> new HttpProblem(HttpResponseStatus.CONFLICT, "conflict", e.getMessage());
            case DigestMismatchException e ->
                    new HttpProblem(HttpResponseStatus.UNPROCESSABLE_ENTITY, "checksum_mismatch", e.getMessage());
            case IllegalArgumentException e -> new HttpProblem(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
            default -> {
                LOG.log(Level.WARNING, "failure while handling " + what, failure);
                yield new HttpProblem(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                        "internal error while handling " + what + "; see the server log");
            }
        };
    }

    /** 503 for a connection over the cap while every connection is busy (sent with {@code Retry-After}). */
    static HttpProblem tooManyConnections(int max) {
        return new HttpProblem(HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_connections",
                "the server has its maximum of " + max + " connections open and all are busy; retry shortly");
    }

    /** 408 for a request head that did not arrive completely in time. */
    static HttpProblem requestTimeout(Duration headerTimeout) {
        return new HttpProblem(HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout",
                "the request head did not arrive completely within " + headerTimeout.toMillis() + " ms");
    }

    /**
     * 400 for a request head (or chunked body) the codec could not parse; the message is the codec's text, never an
     * exception's class (e.g. "Content-Length are not allowed in HTTP/1.1 messages that contains a Transfer-Encoding
     * header.").
     */
    static HttpProblem malformedHead(Throwable cause) {
        String detail = cause == null || cause.getMessage() == null || cause.getMessage().isBlank()
                ? "it is not a valid HTTP/1.1 request head" : cause.getMessage();
        return new HttpProblem(HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed request: " + detail);
    }

    /** 505 for a request in another HTTP version than 1.0 and 1.1. */
    static HttpProblem versionNotSupported(String version) {
        return new HttpProblem(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "http_version_not_supported",
                version + " is not supported; this server speaks HTTP/1.1 and HTTP/1.0");
    }

    static HttpProblem notFound(String message) {
        return new HttpProblem(HttpResponseStatus.NOT_FOUND, "not_found", message);
    }

    static HttpProblem badRequest(String message) {
        return new HttpProblem(HttpResponseStatus.BAD_REQUEST, "bad_request", message);
    }

    /** 405 with {@code Allow}: exactly the methods {@code path} accepts, e.g. {@code "GET, HEAD"}. */
    static RequestRejectedException methodNotAllowed(String method, String path, String allow) {
        return new RequestRejectedException(new HttpProblem(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                "method " + method + " is not allowed on " + path + " (allowed: " + allow + ")"), "Allow", allow);
    }

    /** 405 for a write outside an upload session: sessions are the only way to write, so releases stay immutable. */
    static RequestRejectedException sessionRequired(String method, String key) {
        return new RequestRejectedException(new HttpProblem(HttpResponseStatus.METHOD_NOT_ALLOWED, "session_required",
                method + " " + key + ": files are written only through an upload session (POST " + UploadSessions.PATH
                        + "?directory=<image dir>, PUT <file>?upload=<id>, POST " + UploadSessions.PATH
                        + "/<id>/commit); published releases are immutable"), "Allow", "GET, HEAD");
    }
}
