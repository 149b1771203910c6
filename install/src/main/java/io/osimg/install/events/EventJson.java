package io.osimg.install.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;

/**
 * The JSON form of installation events, shared by {@link JsonLinesSink} and {@link HttpEventSink}: one object per
 * event with {@code time} (RFC 3339), {@code phase} (e.g. {@code download}, absent for warnings) and {@code event}
 * ({@code started}, {@code finished}, {@code progress}, {@code log}, {@code warning}), plus
 * <ul>
 *   <li>progress: {@code done}, {@code total} (-1 when unknown), {@code rate} (bytes/s), {@code eta_seconds}
 *       (null when unknown);</li>
 *   <li>finished: {@code took_seconds}, {@code ok}, and {@code error} when it failed;</li>
 *   <li>log and warning: {@code message}.</li>
 * </ul>
 */
final class EventJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;

    EventJson(Clock clock) {
        this.clock = clock;
    }

    ObjectNode started(Phase phase) {
        return base(phase, "started");
    }

    ObjectNode finished(Phase phase, Duration took, String error) {
        ObjectNode n = base(phase, "finished");
        n.put("took_seconds", took == null ? 0.0 : took.toNanos() / 1e9);
        n.put("ok", error == null);
        if (error != null) {
            n.put("error", error);
        }
        return n;
    }

    ObjectNode progress(Phase phase, long done, long total, double rate, Duration eta) {
        ObjectNode n = base(phase, "progress");
        n.put("done", done);
        n.put("total", total);
        n.put("rate", Math.round(rate * 10) / 10.0);
        if (eta == null) {
            n.putNull("eta_seconds");
        } else {
            n.put("eta_seconds", eta.toMillis() / 1000.0);
        }
        return n;
    }

    ObjectNode log(Phase phase, String line) {
        ObjectNode n = base(phase, "log");
        n.put("message", line);
        return n;
    }

    ObjectNode warning(String message) {
        ObjectNode n = base(null, "warning");
        n.put("message", message);
        return n;
    }

    private ObjectNode base(Phase phase, String event) {
        ObjectNode n = NODES.objectNode();
        n.put("time", clock.instant().toString());
        if (phase != null) {
            n.put("phase", phase.label());
        }
        n.put("event", event);
        return n;
    }
}
