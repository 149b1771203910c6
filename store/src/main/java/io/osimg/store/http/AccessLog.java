package io.osimg.store.http;

import java.io.PrintStream;

/** Where the server writes one line per answered request. Must be thread-safe and fast (called on I/O threads). */
@FunctionalInterface
public interface AccessLog {

    void log(Entry entry);

    /** One answered request; {@code bytes} counts the body bytes sent. */
    record Entry(String remote, String method, String path, int status, long bytes, long durationMillis) {

        /** {@code remote method path status bytes duration-ms}. */
        public String line() {
            return remote + " " + method + " " + path + " " + status + " " + bytes + " " + durationMillis + "ms";
        }
    }

    /** Discards entries (the server then does not even build them). */
    AccessLog NONE = entry -> {
    };

    /** Discards entries. */
    static AccessLog none() {
        return NONE;
    }

    /** Prints {@link Entry#line()} to a stream. */
    static AccessLog to(PrintStream out) {
        return entry -> out.println(entry.line());
    }
}
