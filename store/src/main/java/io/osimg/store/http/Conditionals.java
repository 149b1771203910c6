package io.osimg.store.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.osimg.store.BlobInfo;

import java.time.Instant;

/** Evaluates conditional request headers (RFC 9110 section 13) against an object. */
final class Conditionals {

    private Conditionals() {
    }

    /** True when a GET/HEAD is answered 304: If-None-Match matches (weakly), or else If-Modified-Since holds. */
    static boolean notModified(HttpHeaders headers, BlobInfo info) {
        String inm = headers.get(HttpHeaderNames.IF_NONE_MATCH);
        if (inm != null) {
            return anyTagMatches(inm, info.etag());
        }
        Instant since = HttpDates.parse(headers.get(HttpHeaderNames.IF_MODIFIED_SINCE));
        return since != null && !HttpDates.seconds(info.lastModified()).isAfter(since);
    }

    /** True when a {@code Range} may be honoured: no If-Range, or it names the current ETag (strongly) or date exactly. */
    static boolean rangeAllowed(HttpHeaders headers, BlobInfo info) {
        String ifRange = headers.get(HttpHeaderNames.IF_RANGE);
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("W/")) {
            return false;
        }
        if (v.startsWith("\"")) {
            return v.equals(info.etag());
        }
        Instant date = HttpDates.parse(v);
        return date != null && date.equals(HttpDates.seconds(info.lastModified()));
    }

    private static boolean anyTagMatches(String list, String etag) {
        for (String raw : list.split(",")) {
            String tag = raw.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
