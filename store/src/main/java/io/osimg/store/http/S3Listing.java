package io.osimg.store.http;

import io.osimg.store.BlobInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One page of an S3 ListObjects answer computed from a sorted object list: keys under {@code prefix} after
 * {@code after}, keys sharing a segment up to {@code delimiter} rolled up into common prefixes, at most
 * {@code maxKeys} entries (keys plus prefixes). {@code lastEntry} is the last key or prefix returned, which the
 * continuation token and NextMarker encode.
 */
record S3Listing(List<BlobInfo> contents, List<String> commonPrefixes, boolean truncated, String lastEntry) {

    static final int MAX_KEYS = 1000;

    static S3Listing page(List<BlobInfo> sorted, String prefix, String delimiter, String after, int maxKeys) {
        List<BlobInfo> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        boolean rollUp = delimiter != null && !delimiter.isEmpty();
        for (BlobInfo info : sorted) {
            String key = info.key();
            if (!key.startsWith(prefix)) {
                continue;
            }
            String common = null;
            if (rollUp) {
                int at = key.indexOf(delimiter, prefix.length());
                if (at >= 0) {
                    common = key.substring(0, at + delimiter.length());
                }
            }
            String entry = common != null ? common : key;
            if (after != null && entry.compareTo(after) <= 0) {
                continue;
            }
            if (common != null && common.equals(last)) {
                continue;
            }
            if (contents.size() + prefixes.size() >= maxKeys) {
                truncated = true;
                break;
            }
            if (common != null) {
                prefixes.add(common);
            } else {
                contents.add(info);
            }
            last = entry;
        }
        return new S3Listing(contents, prefixes, truncated, last);
    }

    static String token(String lastEntry) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastEntry.getBytes(StandardCharsets.UTF_8));
    }

    static String untoken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("continuation-token is not one this server issued: " + token, e);
        }
    }
}
