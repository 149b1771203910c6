package io.osimg.store.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.osimg.store.BlobNotFoundException;
import io.osimg.store.ChecksumMismatchException;
import io.osimg.store.InvalidKeyException;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP answers. Codes are stable API:
 * {@code bad_request, invalid_key, not_found, method_not_allowed, session_required, unauthorized, forbidden, uploads_disabled,
 * checksum_required, checksum_mismatch, range_not_satisfiable, not_implemented, internal}.
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
            case ChecksumMismatchException e ->
                    new HttpProblem(HttpResponseStatus.UNPROCESSABLE_ENTITY, "checksum_mismatch", e.getMessage());
            case IllegalArgumentException e -> new HttpProblem(HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
            default -> {
                LOG.log(Level.WARNING, "failure while handling " + what, failure);
                yield new HttpProblem(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                        "internal error while handling " + what + "; see the server log");
            }
        };
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
