package io.osimg.store.http;

import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Real clients (curl, wget) against the server; bytes compared with the stored file. */
class CurlWgetIT {

    @TempDir
    Path base;
    ImageServer server;
    byte[] data;
    String url;

    @BeforeEach
    void start() throws IOException {
        FsBlobStore store = new FsBlobStore(base.resolve("store"));
        data = new byte[3 * 1024 * 1024 + 123];
        new Random(7).nextBytes(data);
        store.put("metal-os/stable/debian/12/img.tar.lz4", new ByteArrayInputStream(data));
        server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0)).start();
        url = "http://127.0.0.1:" + server.port() + "/metal-os/stable/debian/12/img.tar.lz4";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + err).isZero();
        return out.toByteArray();
    }

    @Test
    void curlFirstHundredBytes() throws Exception {
        byte[] body = run(base, "curl", "-sSf", "-r", "0-99", url);
        assertThat(body).isEqualTo(Arrays.copyOf(data, 100));
    }

    @Test
    void curlLastFiveHundredBytes() throws Exception {
        byte[] body = run(base, "curl", "-sSf", "-r", "-500", url);
        assertThat(body).isEqualTo(Arrays.copyOfRange(data, data.length - 500, data.length));
    }

    @Test
    void curlMultipleRangesGetsMultipartByteranges() throws Exception {
        Path headers = base.resolve("h.txt");
        byte[] body = run(base, "curl", "-sSf", "-D", headers.toString(), "-r", "0-9,20-29", url);
        String h = Files.readString(headers);
        Matcher m = Pattern.compile("(?i)content-type: multipart/byteranges; boundary=(\\S+)").matcher(h);
        assertThat(m.find()).as(h).isTrue();
        String boundary = m.group(1);
        List<byte[]> parts = parts(body, boundary);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).isEqualTo(Arrays.copyOfRange(data, 0, 10));
        assertThat(parts.get(1)).isEqualTo(Arrays.copyOfRange(data, 20, 30));
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("Content-Range: bytes 0-9/" + data.length).contains("Content-Range: bytes 20-29/" + data.length)
                .endsWith("--" + boundary + "--\r\n");
    }

    @Test
    void wgetResumesAPartialDownload() throws Exception {
        Path partial = base.resolve("img.tar.lz4");
        Files.write(partial, Arrays.copyOf(data, 1_000_000));
        run(base, "wget", "-q", "-c", "-O", partial.toString(), url);
        assertThat(Files.readAllBytes(partial)).isEqualTo(data);
    }

    @Test
    void curlFullDownloadAndConditional() throws Exception {
        Path file = base.resolve("full");
        run(base, "curl", "-sSf", "-o", file.toString(), url);
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        String code = new String(run(base, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-z", file.toString(), url),
                StandardCharsets.US_ASCII);
        assertThat(code).isEqualTo("304");
    }

    /** Bodies of a multipart/byteranges answer. */
    private static List<byte[]> parts(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<byte[]> out = new ArrayList<>();
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int lineEnd = text.indexOf("\r\n", at);
            if (text.startsWith(delimiter + "--", at) || lineEnd < 0) {
                break;
            }
            int headersEnd = text.indexOf("\r\n\r\n", lineEnd);
            int next = text.indexOf("\r\n" + delimiter, headersEnd + 4);
            out.add(text.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1));
            at = next + 2;
        }
        return out;
    }
}
