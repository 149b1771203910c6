package io.osimg.store.http;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The request target in origin form ({@code /path?query}), its path percent-decoded exactly once (strict UTF-8, no
 * {@code +} to space). Absolute-form and asterisk-form targets are rejected. The decoded path is not normalised:
 * key validation rejects {@code ..}, {@code //} and friends afterwards.
 */
record RequestTarget(String path, Map<String, List<String>> query) {

    static RequestTarget parse(String uri) {
        if (uri == null || !uri.startsWith("/")) {
            throw new IllegalArgumentException("request target must start with /: " + uri);
        }
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        int hash = rawPath.indexOf('#');
        if (hash >= 0) {
            throw new IllegalArgumentException("request target has a fragment: " + uri);
        }
        Map<String, List<String>> query = q < 0 ? Map.of()
                : new QueryStringDecoder(uri.substring(q + 1), StandardCharsets.UTF_8, false).parameters();
        return new RequestTarget(decode(rawPath), query);
    }

    /** Strips a path-style bucket: {@code /<bucket>} and {@code /<bucket>/} become {@code /}, {@code /<bucket>/k} {@code /k}. */
    RequestTarget withoutBucket(String bucketPath) {
        if (path.equals(bucketPath) || path.equals(bucketPath + "/")) {
            return new RequestTarget("/", query);
        }
        if (path.startsWith(bucketPath + "/")) {
            return new RequestTarget(path.substring(bucketPath.length()), query);
        }
        return this;
    }

    /** The first value of a query parameter, or null. */
    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    boolean has(String name) {
        return query.containsKey(name);
    }

    /** The path without its leading slash: an object key candidate. */
    String key() {
        return path.substring(1);
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated percent-escape in path " + raw);
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad percent-escape in path " + raw);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("path is not UTF-8 after percent-decoding: " + raw, e);
        }
    }
}
