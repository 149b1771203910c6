package io.osimg.store.s3;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on 127.0.0.1 in front of another local port that keeps what clients sent, so a test can see the
 * order of the requests ({@link #requestLines()}). Signed requests pass unchanged (the Host header names the proxy,
 * and that is what was signed).
 */
final class RecordingProxy implements AutoCloseable {

    private static final Pattern REQUEST_LINE = Pattern.compile("(?m)^(GET|HEAD|PUT|POST|DELETE) (\\S+) HTTP/1\\.1\\r\\n");

    private final ServerSocket listener;
    private final int target;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    RecordingProxy(int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
        this.target = targetPort;
        Thread.ofPlatform().daemon(true).start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** {@code "METHOD /path?query"} of every request sent so far, in order (one client connection at a time). */
    List<String> requestLines() {
        String text;
        synchronized (sent) {
            text = sent.toString(StandardCharsets.ISO_8859_1);
        }
        Matcher m = REQUEST_LINE.matcher(text);
        List<String> lines = new java.util.ArrayList<>();
        while (m.find()) {
            lines.add(m.group(1) + " " + m.group(2));
        }
        return lines;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress("127.0.0.1", target), 5_000);
                Thread.ofPlatform().daemon(true).start(() -> pump(client, server, true));
                Thread.ofPlatform().daemon(true).start(() -> pump(server, client, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean record) {
        byte[] buffer = new byte[64 * 1024];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (record) {
                    synchronized (sent) {
                        sent.write(buffer, 0, n);
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away; closing both ends ends the other pump
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
