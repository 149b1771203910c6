package io.osimg.transfer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx serving {@code root} on a free 127.0.0.1 port, over http or https, with its config, logs and pid
 * under {@code dir}.
 */
public final class NginxServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final boolean tls;
    private final Path accessLog;
    private final Path errorLog;

    private NginxServer(Process process, int port, boolean tls, Path accessLog, Path errorLog) {
        this.process = process;
        this.port = port;
        this.tls = tls;
        this.accessLog = accessLog;
        this.errorLog = errorLog;
    }

    public static NginxServer start(Path dir, Path root) throws IOException, InterruptedException {
        return start(dir, root, "");
    }

    /** @param serverConfig extra directives for the server block, e.g. {@code max_ranges 0;} (no Range support) */
    public static NginxServer start(Path dir, Path root, String serverConfig) throws IOException, InterruptedException {
        return start(dir, root, serverConfig, null);
    }

    /**
     * An https server presenting {@code certificates}' server certificate.
     *
     * @param serverConfig extra directives for the server block
     */
    public static NginxServer startTls(Path dir, Path root, TestCertificates certificates, String serverConfig)
            throws IOException, InterruptedException {
        return start(dir, root, serverConfig, certificates);
    }

    private static NginxServer start(Path dir, Path root, String serverConfig, TestCertificates tls)
            throws IOException, InterruptedException {
        int port = freePort();
        String listen = tls == null ? "listen 127.0.0.1:" + port + ";"
                : "listen 127.0.0.1:" + port + " ssl;\n"
                        + "        ssl_certificate " + tls.serverCert() + ";\n"
                        + "        ssl_certificate_key " + tls.serverKey() + ";";
        Files.createDirectories(dir.resolve("tmp"));
        Path conf = dir.resolve("nginx.conf");
        Path accessLog = dir.resolve("access.log");
        Path errorLog = dir.resolve("error.log");
        Files.writeString(conf, """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %2$s info;
                events { worker_connections 64; }
                http {
                    log_format ranges escape=none '$request_method $uri $status range="$http_range" if_range="$http_if_range"';
                    access_log %3$s ranges;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    default_type application/octet-stream;
                    sendfile on;
                    keepalive_timeout 30s;
                    server {
                        %4$s
                        root %5$s;
                        %6$s
                    }
                }
                """.formatted(dir, errorLog, accessLog, listen, root, serverConfig));
        Process p = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString(), "-e", errorLog.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        NginxServer nginx = new NginxServer(p, port, tls != null, accessLog, errorLog);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return nginx;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    nginx.close();
                    throw new IOException("nginx did not start on port " + port + ": "
                            + Files.readString(dir.resolve("stdout.log")) + readOrEmpty(errorLog));
                }
                Thread.sleep(50);
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code http(s)://127.0.0.1:<port>/<path>} */
    public URI url(String path) {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + "/" + path.replaceFirst("^/+", ""));
    }

    public List<String> accessLog() throws IOException {
        return Files.readAllLines(accessLog);
    }

    public String errorLog() throws IOException {
        return readOrEmpty(errorLog);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    private static String readOrEmpty(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
