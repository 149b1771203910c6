package io.osimg.store.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
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

    /**
     * The whole HTTP/1.1 answer with {@code Connection: close}, as bytes, for a connection that is answered below
     * the HTTP codec and then closed (refused over the cap, timed out).
     */
    byte[] closingResponse(String... headerPairs) {
        byte[] body = json().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160).append("HTTP/1.1 ").append(status.code()).append(' ')
                .append(status.reasonPhrase()).append("\r\nContent-Type: application/json\r\nContent-Length: ")
                .append(body.length).append("\r\nConnection: close\r\n");
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            head.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
