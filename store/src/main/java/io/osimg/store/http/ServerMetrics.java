package io.osimg.store.http;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Counters of the server in the Prometheus text format (0.0.4): requests by method and status, body bytes sent,
 * failures (5xx and broken connections), requests in flight, and gauges set from outside (e.g. catalog size).
 */
public final class ServerMetrics {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS");

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private record Gauge(String help, DoubleSupplier value) {
    }

    private record Counter(String help, LongAdder value) {
    }

    /** The gauge of the catalog's image count. */
    public static final String IMAGES = "osimg_catalog_images";
    /** The gauge of the catalog's image bytes (img.tar.lz4 sizes). */
    public static final String IMAGE_BYTES = "osimg_catalog_image_bytes";
    /** The counter of image downloads. */
    public static final String DOWNLOADS = "osimg_image_downloads_total";

    private final LongAdder downloads = counter(DOWNLOADS,
            "Downloads of an img.tar.lz4 begun: GETs answered 200, or 206 for a range from byte 0.");

    /**
     * The counts the web pages' header shows, read from the very gauges and counters {@link #render} writes.
     *
     * @param images    {@value #IMAGES}
     * @param bytes     {@value #IMAGE_BYTES}
     * @param downloads {@value #DOWNLOADS}
     * @param errors    {@code osimg_http_errors_total}
     */
    public record Counts(long images, long bytes, long downloads, long errors) {
    }

    public Counts counts() {
        return new Counts(gaugeValue(IMAGES), gaugeValue(IMAGE_BYTES), downloads.sum(), errors.sum());
    }

    private long gaugeValue(String name) {
        Gauge g = gauges.get(name);
        return g == null ? 0 : (long) g.value().getAsDouble();
    }

    void downloaded() {
        downloads.increment();
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished(String method, int status, long bytes) {
        inFlight.decrementAndGet();
        String m = METHODS.contains(method) ? method : "OTHER";
        requests.computeIfAbsent(m + "\u0000" + status, k -> new LongAdder()).increment();
        bytesSent.add(bytes);
        if (status >= 500) {
            errors.increment();
        }
    }

    /** A connection failed mid-request (reset, write error). */
    void failed() {
        errors.increment();
    }

    /** Sets a gauge, e.g. {@code gauge("osimg_catalog_images", "images in the catalog", 42)}. */
    public void gauge(String name, String help, double value) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
        gauge(name, help, () -> value);
    }

    /** A gauge read at every scrape, e.g. the size of the live catalog. */
    public void gauge(String name, String help, DoubleSupplier value) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
        gauges.put(name, new Gauge(help, value));
    }

    /** A counter rendered at every scrape, e.g. connections refused over the cap; the same adder for the same name. */
    LongAdder counter(String name, String help) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*_total")) {
            throw new IllegalArgumentException("not a Prometheus counter name: " + name);
        }
        return counters.computeIfAbsent(name, n -> new Counter(help, new LongAdder())).value();
    }

    public long inFlight() {
        return inFlight.get();
    }

    /** The exposition text. */
    public String render() {
        StringBuilder b = new StringBuilder(1024);
        b.append("# HELP osimg_http_requests_total HTTP requests answered, by method and status.\n");
        b.append("# TYPE osimg_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((k, v) -> {
            int sep = k.indexOf('\u0000');
            b.append("osimg_http_requests_total{method=\"").append(k, 0, sep).append("\",status=\"")
                    .append(k.substring(sep + 1)).append("\"} ").append(v.sum()).append('\n');
        });
        b.append("# HELP osimg_http_response_bytes_total Response body bytes sent.\n");
        b.append("# TYPE osimg_http_response_bytes_total counter\n");
        b.append("osimg_http_response_bytes_total ").append(bytesSent.sum()).append('\n');
        b.append("# HELP osimg_http_errors_total Requests answered with 5xx or broken off.\n");
        b.append("# TYPE osimg_http_errors_total counter\n");
        b.append("osimg_http_errors_total ").append(errors.sum()).append('\n');
        b.append("# HELP osimg_http_requests_in_flight Requests being handled.\n");
        b.append("# TYPE osimg_http_requests_in_flight gauge\n");
        b.append("osimg_http_requests_in_flight ").append(inFlight.get()).append('\n');
        new TreeMap<>(counters).forEach((name, c) -> {
            b.append("# HELP ").append(name).append(' ').append(c.help()).append('\n');
            b.append("# TYPE ").append(name).append(" counter\n");
            b.append(name).append(' ').append(c.value().sum()).append('\n');
        });
        new TreeMap<>(gauges).forEach((name, g) -> {
            b.append("# HELP ").append(name).append(' ').append(g.help().replace('\n', ' ')).append('\n');
            b.append("# TYPE ").append(name).append(" gauge\n");
            b.append(name).append(' ').append(g.value().getAsDouble()).append('\n');
        });
        return b.toString();
    }
}
