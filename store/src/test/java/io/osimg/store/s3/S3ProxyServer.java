package io.osimg.store.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3Proxy ({@code org.gaul.s3proxy.Main}) in a child JVM on a free 127.0.0.1 port: the filesystem jclouds
 * provider under {@code dir/data} (a bucket is a directory there), AWS Signature V4 with a test identity. Its output
 * goes to {@code dir/s3proxy.log}.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String IDENTITY = "osimg-test-identity";
    public static final String CREDENTIAL = "osimg-test-credential/with+chars";

    private final Process process;
    private final int port;
    private final Path data;
    private final Path log;

    private S3ProxyServer(Process process, int port, Path data, Path log) {
        this.process = process;
        this.port = port;
        this.data = data;
        this.log = log;
    }

    /** Starts S3Proxy with the given buckets (created as directories before it starts). */
    public static S3ProxyServer start(Path dir, String... buckets) throws IOException, InterruptedException {
        return start(dir, null, buckets);
    }

    /**
     * Starts S3Proxy for virtual-hosted requests: a request to {@code BUCKET.virtualHost} is one on the bucket. Only
     * those: S3Proxy then takes any other host name, 127.0.0.1 too, for a bucket's name.
     */
    public static S3ProxyServer startVirtualHosted(Path dir, String virtualHost, String... buckets)
            throws IOException, InterruptedException {
        return start(dir, virtualHost, buckets);
    }

    private static S3ProxyServer start(Path dir, String virtualHost, String... buckets) throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        for (String bucket : buckets) {
            Files.createDirectories(data.resolve(bucket));
        }
        int port = freePort();
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                "jclouds.identity=unused",
                "jclouds.credential=unused",
                virtualHost == null ? "" : "s3proxy.virtual-host=" + virtualHost,
                ""));
        Path log = dir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "org.gaul.s3proxy.Main", "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyServer server = new S3ProxyServer(p, port, data, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("S3Proxy exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IOException("S3Proxy did not listen on 127.0.0.1:" + port + " within 60 s: " + Files.readString(log));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The directory holding the buckets (one directory each, objects as files). */
    public Path data() {
        return data;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** A store on {@code s3://bucket/prefix} of this server. */
    public S3BlobStore store(String location, int partSize, int pageSize) {
        return S3BlobStore.builder(S3Location.parse(location)).endpoint(endpoint())
                .credentials(IDENTITY, CREDENTIAL).partSize(partSize).pageSize(pageSize).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
