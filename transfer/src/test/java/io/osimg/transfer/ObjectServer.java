package io.osimg.transfer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP server on 127.0.0.1 serving one object at {@code /obj}, with knobs for the faults the tests need:
 * ignoring Range, answering a script of statuses first, stalling after the headers, changing the ETag.
 */
final class ObjectServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final byte[] content;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final List<String> ifRanges = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statusScript = new ArrayDeque<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean honourRange = true;
    private volatile int stalledRequests;
    private volatile IntFunction<String> etagForRequest = n -> "\"v1\"";

    ObjectServer(byte[] content) throws IOException {
        this.content = content;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/obj", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/obj");
    }

    int port() {
        return server.getAddress().getPort();
    }

    ObjectServer ignoringRange() {
        honourRange = false;
        return this;
    }

    ObjectServer stallingFirst(int n) {
        stalledRequests = n;
        return this;
    }

    ObjectServer answeringFirst(Integer... statuses) {
        synchronized (statusScript) {
            statusScript.addAll(List.of(statuses));
        }
        return this;
    }

    ObjectServer withEtags(IntFunction<String> etagForRequest) {
        this.etagForRequest = etagForRequest;
        return this;
    }

    int requests() {
        return requests.get();
    }

    /** The Range header of each request, "" when absent. */
    List<String> ranges() {
        return ranges;
    }

    List<String> ifRanges() {
        return ifRanges;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            int n = requests.incrementAndGet();
            String range = ex.getRequestHeaders().getFirst("Range");
            String ifRange = ex.getRequestHeaders().getFirst("If-Range");
            ranges.add(range == null ? "" : range);
            ifRanges.add(ifRange == null ? "" : ifRange);
            Integer scripted;
            synchronized (statusScript) {
                scripted = statusScript.poll();
            }
            if (scripted != null) {
                ex.sendResponseHeaders(scripted, -1);
                return;
            }
            String etag = etagForRequest.apply(n);
            ex.getResponseHeaders().add("ETag", etag);
            ex.getResponseHeaders().add("Last-Modified", "Thu, 26 Nov 2026 10:00:00 GMT");
            if (n <= stalledRequests) {
                ex.sendResponseHeaders(200, content.length);
                ex.getResponseBody().flush();
                released.await(60, TimeUnit.SECONDS);
                return;
            }
            long from = 0;
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (honourRange && m != null && m.matches() && (ifRange == null || ifRange.equals(etag))) {
                from = Long.parseLong(m.group(1));
                ex.getResponseHeaders().add("Accept-Ranges", "bytes");
                ex.getResponseHeaders().add("Content-Range",
                        "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
                ex.sendResponseHeaders(206, content.length - from);
            } else {
                ex.sendResponseHeaders(200, content.length);
            }
            try (OutputStream out = ex.getResponseBody()) {
                out.write(content, (int) from, (int) (content.length - from));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client or the proxy dropped the connection
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
