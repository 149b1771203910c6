package io.osimg.store.http;

import io.osimg.store.fs.FsBlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, item 11: a bad request head closes the connection, HTTP versions other than 1.0 and 1.1 are refused, a 405
 * names exactly the methods of its resource, and no error body names a Java class.
 */
class HttpHeadTest {

    @TempDir
    Path base;
    ImageServer server;

    @BeforeEach
    void start() throws IOException {
        server = ImageServer.builder().store(new FsBlobStore(base.resolve("store")))
                .listen(new InetSocketAddress("127.0.0.1", 0)).uploadToken(UploadToken.of("t")).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends the bytes and reads until the server closes (RawHttp fails after 10 s when it does not). */
    private String exchange(String request) throws IOException {
        return RawHttp.exchange(server.port(), request);
    }

    @Test
    void aContentLengthWithTransferEncodingIs400AndClosesTheConnection() throws Exception {
        String answer = exchange("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(400);
        assertThat(answer).containsIgnoringCase("Connection: close").contains("\"code\":\"bad_request\"")
                .doesNotContain("Exception").doesNotContain("io.netty").doesNotContain("java.")
                .as("nothing after the 400 is answered").doesNotContain("200 OK");
    }

    @Test
    void aBrokenChunkEndsTheConnection() throws Exception {
        String answer = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n");
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(200); // answered at the head; then the bad chunk closes
    }

    @Test
    void aHeadTooLargeIs400WithAPlainMessage() throws Exception {
        String answer = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(400);
        assertThat(answer).containsIgnoringCase("Connection: close").doesNotContain("Exception").doesNotContain("io.netty");
    }

    @Test
    void httpVersionsOtherThan10And11AreRefusedWith505() throws Exception {
        String answer = exchange("GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n");
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(505);
        assertThat(answer).contains("\"code\":\"http_version_not_supported\"").contains("HTTP/9.9")
                .containsIgnoringCase("Connection: close");
        assertThat(RawHttp.status(exchange("GET /healthz HTTP/1.0\r\n\r\n"))).isEqualTo(200);
    }

    @Test
    void a405NamesExactlyTheMethodsOfItsResource() throws Exception {
        assertThat(allow("DELETE /healthz")).isEqualTo("GET, HEAD");
        assertThat(allow("POST /some/object")).isEqualTo("GET, HEAD");
        assertThat(allow("PUT /some/object")).isEqualTo("GET, HEAD");
        assertThat(allow("GET /api/v1/uploads")).isEqualTo("POST");
        assertThat(allow("GET /api/v1/uploads/0000")).isEqualTo("DELETE");
        assertThat(allow("GET /api/v1/uploads/0000/commit")).isEqualTo("POST");
    }

    private String allow(String requestLine) throws IOException {
        String answer = exchange(requestLine + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(405);
        return answer.lines().filter(l -> l.regionMatches(true, 0, "Allow:", 0, 6)).findFirst()
                .map(l -> l.substring(6).trim()).orElse("(none)");
    }
}
