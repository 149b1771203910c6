package io.osimg.install.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.TreeMap;

/**
 * The JSON form of installation events, shared by {@link JsonLinesSink} and {@link HttpEventSink}: one object per
 * event with {@code time} (RFC 3339), {@code phase} (e.g. {@code download}, absent for warnings and the result) and
 * {@code event} ({@code started}, {@code finished}, {@code progress}, {@code log}, {@code warning}, {@code result}),
 * plus
 * <ul>
 *   <li>progress: {@code done}, {@code total} (-1 when unknown), {@code rate} (bytes/s), {@code eta_seconds}
 *       (null when unknown);</li>
 *   <li>finished: {@code took_seconds}, {@code ok}, and {@code error} when it failed;</li>
 *   <li>log and warning: {@code message};</li>
 *   <li>result ({@link Outcome}), the last event, exactly once, on success and on failure: {@code ok};
 *       {@code error} (the line the command prints) when not ok; {@code exit_code}; {@code image} with {@code url}
 *       or {@code path} of img.tar.lz4 and {@code id} when resolved from an image ID (absent when the image was
 *       not resolved); {@code compressed_bytes}, {@code uncompressed_bytes} and {@code digests} (the ones that
 *       matched: {@code md5}, {@code sha512} when the store has it) only when the image verified; {@code target}
 *       with {@code root} or {@code disks}; {@code kernel}, {@code initrd} (null when the image has none) and
 *       {@code cmdline} from boot-info.yaml only when the contract steps ended; {@code kexec} (true when the
 *       kernel is booted: the result goes out right before the reboot); {@code took_seconds} since the command
 *       started.</li>
 * </ul>
 * For example:
 * <pre>{@code
 * {"time":"2026-11-20T10:00:00Z","event":"result","ok":true,"exit_code":0,
 *  "image":{"url":"http://example.org/20261120/debian/12/img.tar.lz4","id":"debian-12.0.20261120"},
 *  "compressed_bytes":312041472,"uncompressed_bytes":1073745920,"digests":{"md5":"...","sha512":"..."},
 *  "target":{"disks":["/dev/sda"]},"kernel":"/tmp/osimg-boot-1/kernel","initrd":"/tmp/osimg-boot-1/initrd",
 *  "cmdline":"console=ttyS1,115200n8 root=UUID=...","kexec":true,"took_seconds":41.7}
 * }</pre>
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

    ObjectNode result(Outcome o) {
        ObjectNode n = base(null, "result");
        n.put("ok", o.ok());
        if (o.error() != null) {
            n.put("error", o.error());
        }
        n.put("exit_code", o.exitCode());
        if (o.image() != null) {
            ObjectNode image = n.putObject("image");
            if (o.image().url() != null) {
                image.put("url", o.image().url());
            } else {
                image.put("path", o.image().path());
            }
            if (o.image().id() != null) {
                image.put("id", o.image().id());
            }
        }
        if (!o.digests().isEmpty()) {
            n.put("compressed_bytes", o.compressedBytes());
            n.put("uncompressed_bytes", o.uncompressedBytes());
            ObjectNode digests = n.putObject("digests");
            new TreeMap<>(o.digests()).forEach(digests::put);
        }
        if (o.target() != null) {
            ObjectNode target = n.putObject("target");
            if (o.target().root() != null) {
                target.put("root", o.target().root());
            }
            if (!o.target().disks().isEmpty()) {
                o.target().disks().forEach(target.putArray("disks")::add);
            }
        }
        if (o.boot() != null) {
            n.put("kernel", o.boot().kernel());
            n.put("initrd", o.boot().initrd());
            n.put("cmdline", o.boot().cmdline());
        }
        n.put("kexec", o.kexec());
        n.put("took_seconds", o.took().toNanos() / 1e9);
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
