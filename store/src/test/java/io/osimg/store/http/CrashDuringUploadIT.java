package io.osimg.store.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 of the server in the middle of an upload leaves no partial object and an empty staging area. */
class CrashDuringUploadIT {

    @TempDir
    Path base;

    private Process startServer(Path root, Path token) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                root.toString(), token.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int readPort(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertThat(line).as("child server's first line").startsWith("port ");
        return Integer.parseInt(line.substring(5).trim());
    }

    @Test
    void killDashNineDuringUploadLeavesNothingVisible() throws Exception {
        Path root = base.resolve("store");
        Path token = Files.writeString(base.resolve("token"), "tok");
        Process first = startServer(root, token);
        try {
            int port = readPort(first);
            int total = 8 * 1024 * 1024;
            String session = RawHttp.exchange(port, "POST /api/v1/uploads?directory=stable/debian/12 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: Bearer tok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertThat(RawHttp.status(session)).as(session).isEqualTo(201);
            String id = session.replaceFirst("(?s).*\"id\":\"([^\"]+)\".*", "$1");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /stable/debian/12/img.tar.lz4?upload=" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer tok\r\n"
                        + "X-Checksum-Md5: " + "0".repeat(32) + "\r\nContent-Length: " + total + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < total / 2; sent += chunk.length) {
                    out.write(chunk);
                }
                out.flush();
                Path staging = root.resolve(".staging");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (stagedBytes(staging) < total / 4 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(stagedBytes(staging)).as("bytes streamed into staging before the kill").isGreaterThanOrEqualTo(total / 4);
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(Files.exists(root.resolve("stable/debian/12/img.tar.lz4"))).isFalse();
        } finally {
            first.destroyForcibly();
        }

        Process second = startServer(root, token);
        try {
            int port = readPort(second);
            assertThat(entries(root.resolve(".staging"))).isEmpty();
            assertThat(RawHttp.status(RawHttp.get(port, "/stable/debian/12/img.tar.lz4"))).isEqualTo(404);
            String listing = RawHttp.get(port, "/?list-type=2");
            assertThat(listing).startsWith("HTTP/1.1 200").contains("<KeyCount>0</KeyCount>").doesNotContain("<Key>");
        } finally {
            second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The bytes of the regular files anywhere under {@code staging} (the server's upload is in its claim). */
    private static long stagedBytes(Path staging) throws IOException {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(staging)) {
            long sum = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try {
                    sum += Files.size(p);
                } catch (NoSuchFileException e) {
                    // published or discarded meanwhile
                }
            }
            return sum;
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
