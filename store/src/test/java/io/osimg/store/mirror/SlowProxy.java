package io.osimg.store.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP proxy on 127.0.0.1 that forwards answers at a limited rate, so a test can kill a client mid-transfer. */
final class SlowProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final int bytesPerSecond;

    SlowProxy(int targetPort, int bytesPerSecond) throws IOException {
        this.listener = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
        this.target = targetPort;
        this.bytesPerSecond = bytesPerSecond;
        Thread.ofPlatform().daemon(true).start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress("127.0.0.1", target), 5_000);
                Thread.ofPlatform().daemon(true).start(() -> pump(client, server, Integer.MAX_VALUE));
                Thread.ofPlatform().daemon(true).start(() -> pump(server, client, bytesPerSecond));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to, int rate) {
        byte[] buffer = new byte[rate == Integer.MAX_VALUE ? 64 * 1024 : Math.max(1, rate / 20)];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
                if (rate != Integer.MAX_VALUE) {
                    Thread.sleep(50); // rate/20 bytes every 50 ms
                }
            }
        } catch (IOException | InterruptedException e) {
            // one side went away; closing both ends ends the other pump
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
