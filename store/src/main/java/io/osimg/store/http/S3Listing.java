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
 *
 * <p>The list is searched, not walked: the page starts at a binary search for the prefix (or {@code after}), a
 * rolled-up prefix is passed over with another, so a page costs {@code O(log n + maxKeys)} however large the store.
 */
record S3Listing(List<BlobInfo> contents, List<String> commonPrefixes, boolean truncated, String lastEntry) {

    static final int MAX_KEYS = 1000;

    /**
     * @param sorted every object (or at least every one under {@code prefix}), sorted by key ({@link String} order),
     *               with random access
     */
    static S3Listing page(List<BlobInfo> sorted, String prefix, String delimiter, String after, int maxKeys) {
        List<BlobInfo> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        boolean rollUp = delimiter != null && !delimiter.isEmpty();
        int i = firstAtOrAfter(sorted, after != null && after.compareTo(prefix) > 0 ? after : prefix, 0);
        while (i < sorted.size()) {
            BlobInfo info = sorted.get(i);
            String key = info.key();
            if (!key.startsWith(prefix)) {
                break; // the keys under a prefix are one run of the sorted list
            }
            String common = null;
            if (rollUp) {
                int at = key.indexOf(delimiter, prefix.length());
                if (at >= 0) {
                    common = key.substring(0, at + delimiter.length());
                }
            }
            String entry = common != null ? common : key;
            if ((after != null && entry.compareTo(after) <= 0) || (common != null && common.equals(last))) {
                i = common != null ? endOfRun(sorted, common, i) : i + 1;
                continue;
            }
            if (contents.size() + prefixes.size() >= maxKeys) {
                truncated = true;
                break;
            }
            if (common != null) {
                prefixes.add(common);
                i = endOfRun(sorted, common, i);
            } else {
                contents.add(info);
                i++;
            }
            last = entry;
        }
        return new S3Listing(contents, prefixes, truncated, last);
    }

    /** The index of the first key not less than {@code key}, searching from {@code from}. */
    private static int firstAtOrAfter(List<BlobInfo> sorted, String key, int from) {
        int low = from;
        int high = sorted.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted.get(mid).key().compareTo(key) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The index after the run of keys starting with {@code prefix} that begins at {@code from}. */
    private static int endOfRun(List<BlobInfo> sorted, String prefix, int from) {
        int low = from + 1;
        int high = sorted.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted.get(mid).key().startsWith(prefix)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
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
