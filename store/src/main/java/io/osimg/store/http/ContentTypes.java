package io.osimg.store.http;

import java.util.Locale;

/** Content type of an object from its key's suffix. */
public final class ContentTypes {

    private static final String TEXT = "text/plain; charset=utf-8";

    private ContentTypes() {
    }

    public static String of(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith(".lz4")) {
            return "application/x-lz4";
        }
        if (k.endsWith(".md5") || k.endsWith(".sha512") || k.endsWith(".sha256") || k.endsWith(".txt")) {
            return TEXT;
        }
        if (k.endsWith(".json")) {
            return "application/json";
        }
        if (k.endsWith(".yaml") || k.endsWith(".yml")) {
            return "application/yaml";
        }
        return "application/octet-stream";
    }
}
