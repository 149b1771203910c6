package io.osimg.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving HTTP server on a raw socket on 127.0.0.1, for the transfer deadlines: it reads each request's head,
 * then never answers ({@link #silent}), or sends the head and part of the body and stalls ({@link #stalling}), or
 * drips the body one byte at a time ({@link #dripping}). Connections stay open until it is closed.
 */
public final class RawServer implements AutoCloseable {

    private interface Behaviour {
        void answer(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private RawServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** Accepts, reads the request and never answers. */
    public static RawServer silent() throws IOException {
        return new RawServer(out -> Thread.sleep(Long.MAX_VALUE));
    }

    /** Answers 200 with a body of {@code length} bytes, sends the first {@code sent}, then stalls. */
    public static RawServer stalling(int length, int sent) throws IOException {
        return new RawServer(out -> {
            out.write(head(length));
            out.write(new byte[sent]);
            out.flush();
            Thread.sleep(Long.MAX_VALUE);
        });
    }

    /** Answers 200 with a body of {@code length} bytes and sends one byte of it every {@code every}. */
    public static RawServer dripping(int length, Duration every) throws IOException {
        return new RawServer(out -> {
            out.write(head(length));
            out.flush();
            for (int i = 0; i < length; i++) {
                Thread.sleep(every);
                out.write('x');
                out.flush();
            }
        });
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/obj");
    }

    public int requests() {
        return requests.get();
    }

    private static byte[] head(int length) {
        return ("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            requests.incrementAndGet();
            behaviour.answer(out);
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
