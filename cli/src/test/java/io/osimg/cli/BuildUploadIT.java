package io.osimg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.ImageServer;
import io.osimg.store.http.UploadToken;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code osimg build --store http://<host>:<port>} against a real server started here with an upload token. */
class BuildUploadIT {

    @TempDir
    Path base;
    Path served;
    ImageServer server;
    String url;

    @BeforeEach
    void start() throws Exception {
        served = base.resolve("served");
        FsBlobStore store = new FsBlobStore(served);
        server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0))
                .uploadToken(UploadToken.of("the-right-token"))
                .catalog(StoreCatalog.open(new BlobStoreView(store), null, s -> { })).start();
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void publishesThroughTheServerWithAToken() throws Exception {
        Path token = Files.writeString(base.resolve("token"), "the-right-token\n");
        CliRun r = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0",
                "--release", "20261126", "--store", url, "--upload-token-file", token.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("built demo-1.0.20261126", "published   " + url + "/20261126/demo/1.0/img.tar.lz4");
        Path dir = served.resolve("20261126/demo/1.0");
        byte[] image = Files.readAllBytes(dir.resolve("img.tar.lz4"));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image));
        assertThat(Files.readString(dir.resolve("img.tar.lz4.md5"))).isEqualTo(md5 + "  img.tar.lz4\n");
        String sha512 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(image));
        assertThat(Files.readString(dir.resolve("img.tar.lz4.sha512"))).startsWith(sha512);
        assertThat(dir.resolve("packages.txt")).exists();
        assertThat(Files.readString(dir.resolve("sbom.cdx.json"))).contains("\"name\" : \"demo-1.0.20261126\"");
        assertThat(Files.readString(dir.resolve("manifest.json"))).contains("\"id\" : \"demo-1.0.20261126\"");
        // the server's catalog was refreshed by the commit
        CliRun resolved = CliRun.of("resolve", "demo-1", "--catalog", url);
        assertThat(resolved.out()).isEqualTo("demo-1.0.20261126\n");

        // a second upload of the same release is refused, the first stays
        CliRun again = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0",
                "--release", "20261126", "--store", url, "--upload-token-file", token.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("releases are immutable");
        assertThat(Files.readAllBytes(dir.resolve("img.tar.lz4"))).isEqualTo(image);
    }

    @Test
    void aWrongTokenFailsClearlyAndNothingBecomesVisible() throws Exception {
        Path token = Files.writeString(base.resolve("token"), "not-the-token\n");
        CliRun r = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0",
                "--store", url, "--upload-token-file", token.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("osimg build: opening an upload of stable/demo/1.0 on " + url + ": POST answered 403 forbidden: the upload token is not valid");
        try (Stream<Path> files = Files.walk(served)) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
        CliRun none = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0", "--store", url);
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("401 unauthorized");
    }
}
