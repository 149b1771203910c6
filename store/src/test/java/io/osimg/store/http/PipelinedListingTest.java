package io.osimg.store.http;

import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A listing is made off the I/O thread; requests pipelined behind it are still answered after it, in order. */
class PipelinedListingTest {

    @TempDir
    Path base;

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        FsBlobStore store = new FsBlobStore(base.resolve("store"));
        store.put("a/one.txt", new ByteArrayInputStream("first object".getBytes(StandardCharsets.UTF_8)));
        try (ImageServer server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0)).start()) {
            String response = RawHttp.exchange(server.port(),
                    "GET /?list-type=2 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            + "GET /a/one.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            + "GET /?list-type=2&prefix=zzz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

            int listing = response.indexOf("<Key>a/one.txt</Key>");
            int object = response.indexOf("\r\n\r\nfirst object");
            int empty = response.indexOf("<Prefix>zzz</Prefix>");
            int health = response.indexOf("\r\n\r\nok\n");
            assertThat(listing).as(response).isPositive();
            assertThat(object).as(response).isGreaterThan(listing);
            assertThat(empty).as(response).isGreaterThan(object);
            assertThat(health).as(response).isGreaterThan(empty);
            assertThat(response.split("HTTP/1.1 200 OK", -1)).hasSize(5);
        }
    }
}
