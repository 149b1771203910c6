package io.osimg.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of an HTTP server that drops each of the first {@code cutConnections}
 * connections once it has forwarded {@code cutAfter} bytes of response body. It records the head of every
 * request and response it sees first on each connection. In front of an https server ({@link #opaque}) it cannot
 * read heads: it counts every byte the server sent, handshake and TLS records included.
 */
public final class CuttingProxy implements AutoCloseable {

    private final int upstreamPort;
    private final long cutAfter;
    private final int cutConnections;
    private final boolean readsHeads;
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requestHeads = new CopyOnWriteArrayList<>();
    private final List<String> responseHeads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public CuttingProxy(int upstreamPort, long cutAfter, int cutConnections) throws IOException {
        this(upstreamPort, cutAfter, cutConnections, true);
    }

    /** A proxy for encrypted traffic: it cuts after {@code cutAfter} bytes of the server's stream, records no heads. */
    public static CuttingProxy opaque(int upstreamPort, long cutAfter, int cutConnections) throws IOException {
        return new CuttingProxy(upstreamPort, cutAfter, cutConnections, false);
    }

    private CuttingProxy(int upstreamPort, long cutAfter, int cutConnections, boolean readsHeads) throws IOException {
        this.upstreamPort = upstreamPort;
        this.cutAfter = cutAfter;
        this.cutConnections = cutConnections;
        this.readsHeads = readsHeads;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public List<String> requestHeads() {
        return requestHeads;
    }

    public List<String> responseHeads() {
        return responseHeads;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                int index = connections.getAndIncrement();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pumpRequests(client, upstream));
                Thread.ofVirtual().start(() -> pumpResponses(upstream, client, index < cutConnections));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pumpRequests(Socket client, Socket upstream) {
        try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            HeadScanner head = new HeadScanner();
            byte[] buf = new byte[16384];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (readsHeads && !head.done()) {
                    head.scan(buf, 0, n);
                    if (head.done()) {
                        requestHeads.add(head.text());
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away
        } finally {
            closeQuietly(client, upstream);
        }
    }

    private void pumpResponses(Socket upstream, Socket client, boolean cut) {
        try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
            HeadScanner head = new HeadScanner();
            long body = 0;
            byte[] buf = new byte[16384];
            for (int n; (n = in.read(buf)) > 0; ) {
                int start = 0;
                if (readsHeads && !head.done()) {
                    start = head.scan(buf, 0, n);
                    if (head.done()) {
                        responseHeads.add(head.text());
                    }
                }
                if (cut && (head.done() || !readsHeads) && body + (n - start) >= cutAfter) {
                    int keep = (int) (cutAfter - body);
                    out.write(buf, 0, start + keep);
                    out.flush();
                    return;
                }
                body += n - start;
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side went away
        } finally {
            closeQuietly(client, upstream);
        }
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    /** Finds the end of an HTTP head (CRLF CRLF) across reads. */
    private static final class HeadScanner {
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private int matched;
        private boolean done;

        /** @return the index in buf just past the head, or len's end if the head is not over yet */
        int scan(byte[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                head.write(buf[i]);
                byte want = (matched % 2 == 0) ? (byte) '\r' : (byte) '\n';
                matched = buf[i] == want ? matched + 1 : (buf[i] == '\r' ? 1 : 0);
                if (matched == 4) {
                    done = true;
                    return i + 1;
                }
            }
            return off + len;
        }

        boolean done() {
            return done;
        }

        String text() {
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
