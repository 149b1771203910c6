package io.osimg.store.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.Objects;

/**
 * An HTTP error answer: status, a stable machine-readable code and a human message. Rendered as
 * {@code {"error":{"code":"not_found","message":"..."}}}.
 */
public record HttpProblem(HttpResponseStatus status, String code, String message) {

    public HttpProblem {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** The JSON body. */
    public String json() {
        return "{\"error\":{\"code\":" + Json.quote(code) + ",\"message\":" + Json.quote(message) + "}}";
    }
}
