package io.osimg.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Debian's {@code docker-registry} (the distribution registry) on 127.0.0.1 over TLS, with a certificate of a CA
 * made by openssl for the test; optionally with htpasswd (Basic) authentication. Its storage is a directory of the
 * test, so a blob can be damaged on purpose.
 */
final class RegistryFixture implements AutoCloseable {
    static final String USER = "osimg";
    static final String PASSWORD = "s3cret-pull";

    final Path dir;
    final int port;
    final Path ca;
    private final Process process;

    private RegistryFixture(Path dir, int port, Path ca, Process process) {
        this.dir = dir;
        this.port = port;
        this.ca = ca;
        this.process = process;
    }

    /** The test CA and a certificate for 127.0.0.1 it signed, made once per directory. */
    static Path certificates(Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem");
        if (!Files.exists(ca)) {
            Files.createDirectories(dir);
            TreeSnapshot.sh(dir, String.join("\n", "set -e",
                    "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=osimg-test-ca 2>/dev/null",
                    "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null",
                    "printf 'subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext.cnf",
                    "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf 2>/dev/null"));
        }
        return ca;
    }

    static RegistryFixture start(Path dir, boolean htpasswd) throws Exception {
        return start(dir, htpasswd, null);
    }

    /** With {@code tokens}: the registry's auth is {@code token}, answered by that token server. */
    static RegistryFixture start(Path dir, boolean htpasswd, TokenServer tokens) throws Exception {
        return start(dir, htpasswd, tokens, false);
    }

    /** With {@code plainHttp}: the registry speaks http, without TLS. */
    static RegistryFixture start(Path dir, boolean htpasswd, TokenServer tokens, boolean plainHttp) throws Exception {
        Files.createDirectories(dir);
        Path ca = certificates(dir.getParent().resolve("tls"));
        Path tls = ca.getParent();
        int port = freePort();
        StringBuilder config = new StringBuilder(String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("storage"),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port,
                ""));
        if (!plainHttp) {
            config.append(String.join("\n", "  tls:", "    certificate: " + tls.resolve("server.pem"),
                    "    key: " + tls.resolve("server.key"), ""));
        }
        if (htpasswd) {
            String hash = TreeSnapshot.sh(dir, "python3 -W ignore -c \"import crypt; print(crypt.crypt('" + PASSWORD
                    + "', crypt.mksalt(crypt.METHOD_BLOWFISH)))\"").trim();
            Files.writeString(dir.resolve("htpasswd"), USER + ":" + hash + "\n");
            config.append(String.join("\n", "auth:", "  htpasswd:", "    realm: osimg-test",
                    "    path: " + dir.resolve("htpasswd"), ""));
        }
        if (tokens != null) {
            config.append(String.join("\n", "auth:", "  token:", "    realm: " + tokens.realm(),
                    "    service: " + TokenServer.SERVICE, "    issuer: " + TokenServer.ISSUER,
                    "    rootcertbundle: " + tokens.certificate, ""));
        }
        Files.writeString(dir.resolve("config.yml"), config);
        Process p = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        RegistryFixture r = new RegistryFixture(dir, port, ca, p);
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return r;
            } catch (IOException e) {
                if (!p.isAlive() || Instant.now().isAfter(until)) {
                    r.close();
                    throw new IOException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    String host() {
        return "127.0.0.1:" + port;
    }

    /** Pushes an image with skopeo (TLS not verified: the CA is the test's). */
    void push(String from, String repositoryAndTag, boolean all) throws Exception {
        TreeSnapshot.sh(dir, "skopeo copy -q --dest-tls-verify=false " + (all ? "--all " : "")
                + (Files.exists(dir.resolve("htpasswd")) ? "--dest-creds " + USER + ":" + PASSWORD + " " : "")
                + from + " docker://" + host() + "/" + repositoryAndTag);
    }

    /** The file the registry stores a blob in. */
    Path blob(String digest) {
        String hex = digest.substring("sha256:".length());
        return dir.resolve("storage/docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * A token server as the distribution registry's {@code token} auth expects one: JWTs signed (RS256) by a key whose
     * self-signed certificate is the registry's {@code rootcertbundle} and travels in the {@code x5c} header; it grants
     * whatever scope is asked, to anyone.
     */
    static final class TokenServer implements AutoCloseable {
        static final String SERVICE = "osimg-registry";
        static final String ISSUER = "osimg-test-issuer";
        final Path certificate;
        final AtomicInteger issued = new AtomicInteger();
        /** When positive: the next token issued is good for only this many seconds (the registry's 60 s leeway included). */
        final AtomicInteger nextTokenSeconds = new AtomicInteger();
        private final com.sun.net.httpserver.HttpServer server;
        private final java.security.PrivateKey key;
        private final String x5c;

        TokenServer(Path dir) throws Exception {
            Files.createDirectories(dir);
            TreeSnapshot.sh(dir, String.join("\n", "set -e",
                    "openssl req -x509 -newkey rsa:2048 -nodes -keyout token.key -out token.pem -days 2 -subj /CN=osimg-token 2>/dev/null",
                    "openssl pkcs8 -topk8 -nocrypt -in token.key -outform DER -out token.der",
                    "openssl x509 -in token.pem -outform DER -out token.crt.der"));
            certificate = dir.resolve("token.pem");
            key = java.security.KeyFactory.getInstance("RSA").generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("token.der"))));
            x5c = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("token.crt.der")));
            server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/token", exchange -> {
                String query = exchange.getRequestURI().getRawQuery();
                StringBuilder access = new StringBuilder();
                for (String param : query == null ? new String[0] : query.split("&")) {
                    if (param.startsWith("scope=")) {
                        String[] scope = java.net.URLDecoder.decode(param.substring(6), java.nio.charset.StandardCharsets.UTF_8).split(":");
                        access.append(access.isEmpty() ? "" : ",").append("{\"type\":\"").append(scope[0])
                                .append("\",\"name\":\"").append(scope[1]).append("\",\"actions\":[\"")
                                .append(String.join("\",\"", scope[2].split(","))).append("\"]}");
                    }
                }
                issued.incrementAndGet();
                int shortLived = nextTokenSeconds.getAndSet(0);
                int lifetime = shortLived > 0 ? shortLived - 60 : 600;
                byte[] body = ("{\"token\":\"" + jwt("[" + access + "]", lifetime) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        String realm() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
        }

        private String jwt(String access, int lifetime) {
            try {
                java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
                long now = Instant.now().getEpochSecond();
                String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5c\":[\"" + x5c + "\"]}";
                String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"\",\"aud\":\"" + SERVICE + "\",\"exp\":"
                        + (now + lifetime) + ",\"nbf\":" + (now - 60) + ",\"iat\":" + now + ",\"jti\":\"" + java.util.UUID.randomUUID()
                        + "\",\"access\":" + access + "}";
                String signed = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                        + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
                rsa.initSign(key);
                rsa.update(signed.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return signed + "." + b64.encodeToString(rsa.sign());
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * A TCP proxy in front of a plain-HTTP registry that holds back, for {@code delay}, the first request whose bytes
     * hold {@code marker} (a layer's digest: the request for that blob) before passing it on.
     */
    static final class DelayingProxy implements AutoCloseable {
        final int port;
        private final ServerSocket server;
        private final AtomicBoolean armed = new AtomicBoolean(true);

        DelayingProxy(int upstream, String marker, Duration delay) throws IOException {
            server = CuttingProxy.listen(upstream, (client, up) -> {
                Thread.ofVirtual().start(() -> CuttingProxy.copy(up, client));
                Thread.ofVirtual().start(() -> requests(client, up, marker, delay));
            });
            port = server.getLocalPort();
        }

        private void requests(Socket from, Socket to, String marker, Duration delay) {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains(marker)
                            && armed.compareAndSet(true, false)) {
                        Thread.sleep(delay);
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException | InterruptedException e) {
                // the other direction closed the sockets
            } finally {
                CuttingProxy.closeQuietly(from);
                CuttingProxy.closeQuietly(to);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /**
     * A TCP proxy in front of the registry that cuts the first connection which carries more than {@code cutAfter}
     * bytes towards the client, in the middle of whatever it carries (TLS passes through untouched).
     */
    static final class CuttingProxy implements AutoCloseable {
        final int port;
        final AtomicInteger cuts = new AtomicInteger();
        private final ServerSocket server;
        private final AtomicBoolean armed = new AtomicBoolean(true);

        CuttingProxy(int upstream, long cutAfter) throws IOException {
            server = listen(upstream, (client, up) -> {
                Thread.ofVirtual().start(() -> copy(client, up));
                Thread.ofVirtual().start(() -> cut(up, client, cutAfter));
            });
            port = server.getLocalPort();
        }

        /**
         * A server socket on 127.0.0.1 (any port) that connects each client to {@code upstream} on 127.0.0.1 and
         * hands both sockets to {@code connected}, until it is closed.
         */
        static ServerSocket listen(int upstream, BiConsumer<Socket, Socket> connected) throws IOException {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        connected.accept(client, new Socket(InetAddress.getLoopbackAddress(), upstream));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return server;
        }

        private void cut(Socket from, Socket to, long cutAfter) {
            byte[] buffer = new byte[8192];
            long total = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (total + n > cutAfter && armed.compareAndSet(true, false)) {
                        out.write(buffer, 0, (int) (cutAfter - total));
                        out.flush();
                        cuts.incrementAndGet();
                        from.close();
                        to.close();
                        return;
                    }
                    out.write(buffer, 0, n);
                    total += n;
                }
            } catch (IOException e) {
                // the other direction closed the sockets
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        static void copy(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the other direction closed the sockets
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
