package io.osimg.store.http;

import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.StringJoiner;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 item 7: a {@code Range} header with many overlapping ranges must not multiply the answer (64 x {@code 0-}
 * of a 1 MiB object answered 67 MB), and a multi-range answer must not open a descriptor per part.
 */
class ManyRangesTest {

    @TempDir
    Path base;
    FsBlobStore store;
    ImageServer server;

    @BeforeEach
    void start() throws IOException {
        store = new FsBlobStore(base.resolve("store"));
        server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sixtyFourOverlappingRangesAreAnsweredWithTheObjectOnce() throws Exception {
        byte[] data = new byte[1024 * 1024];
        new Random(7).nextBytes(data);
        store.put("big.bin", new ByteArrayInputStream(data));

        String response = RawHttp.exchange(server.port(), "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes="
                + "0-,".repeat(63) + "0-\r\nConnection: close\r\n\r\n");

        int headerEnd = response.indexOf("\r\n\r\n") + 4;
        assertThat(headerEnd).isBetween(4, 1024);
        assertThat(response.length()).isLessThanOrEqualTo(data.length + headerEnd);
        assertThat(RawHttp.status(response)).isEqualTo(206);
        assertThat(response).containsIgnoringCase("content-range: bytes 0-1048575/1048576");
        assertThat(response.substring(headerEnd).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(data);
    }

    @Test
    void aMultipartAnswerLargerThanTheObjectIsTheWholeObject() throws Exception {
        byte[] data = "0123456789".repeat(10).getBytes(StandardCharsets.US_ASCII);
        store.put("small.txt", new ByteArrayInputStream(data));

        String response = RawHttp.exchange(server.port(),
                "GET /small.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=0-0,2-2,4-4\r\nConnection: close\r\n\r\n");

        assertThat(RawHttp.status(response)).isEqualTo(200);
        assertThat(response).endsWith("\r\n\r\n" + new String(data, StandardCharsets.US_ASCII));
    }

    @Test
    void moreDisjointRangesThanTheCapAreAnsweredWithTheObjectOnce() throws Exception {
        byte[] data = new byte[64 * 1024];
        new Random(8).nextBytes(data);
        store.put("parts.bin", new ByteArrayInputStream(data));
        StringJoiner specs = new StringJoiner(",");
        for (int i = 0; i < 64; i++) {
            specs.add(i * 1000 + "-" + (i * 1000 + 99));
        }

        String response = RawHttp.exchange(server.port(), "GET /parts.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes="
                + specs + "\r\nConnection: close\r\n\r\n");

        int headerEnd = response.indexOf("\r\n\r\n") + 4;
        assertThat(RawHttp.status(response)).isEqualTo(200);
        assertThat(response.substring(headerEnd).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(data);
    }

    @Test
    void aMultiRangeAnswerHoldsOneDescriptorOfTheObject() throws Exception {
        Path object = base.resolve("store/sparse.bin");
        try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
            f.setLength(64L * 1024 * 1024); // sparse: cheap to make, sendfile reads zeros
        }
        StringJoiner specs = new StringJoiner(",");
        long part = 2L * 1024 * 1024;
        for (int i = 0; i < RangeRequest.MAX_PARTS; i++) {
            specs.add(i * 2 * part + "-" + (i * 2 * part + part - 1));
        }
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("GET /sparse.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=" + specs
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            byte[] head = in.readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 206");
            // The client reads no further: the parts are queued in the server, each holding what it needs to be sent.
            assertThat(descriptorsOf(object)).isEqualTo(1);
        }
    }

    /** How many descriptors of this process are open on the file. */
    private static long descriptorsOf(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        }
    }
}
