package io.osimg.cli;

import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.ImageServer;
import io.osimg.store.http.UploadToken;
import io.osimg.transfer.NginxServer;
import io.osimg.transfer.TestCertificates;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code osimg build --store https://}, {@code osimg resolve} and {@code osimg list} with an https catalog: an osimg
 * server behind a real nginx that terminates TLS with a certificate a private CA (made here by openssl) signed.
 * Each command has its own HTTP client; {@code --ca-cert} must reach all of them.
 */
class ServerHttpsIT {

    private static final String TOKEN = "the-upload-token";

    @TempDir
    static Path dir;
    private static Path served;
    private static ImageServer server;
    private static NginxServer nginx;
    private static TestCertificates pki;
    private static Path token;
    private static String url;

    @BeforeAll
    static void serveBehindTls() throws Exception {
        served = dir.resolve("served");
        FsBlobStore store = new FsBlobStore(served);
        server = ImageServer.builder().store(store).listen(new InetSocketAddress("127.0.0.1", 0))
                .uploadToken(UploadToken.of(TOKEN))
                .catalog(StoreCatalog.open(new BlobStoreView(store), null, s -> { })).start();
        pki = TestCertificates.create(dir.resolve("pki"));
        nginx = NginxServer.startTls(Files.createDirectories(dir.resolve("nginx")), Files.createDirectories(dir.resolve("www")),
                pki, """
                        client_max_body_size 0;
                        location / {
                            proxy_pass http://127.0.0.1:%d;
                            proxy_http_version 1.1;
                            proxy_request_buffering off;
                        }
                        """.formatted(server.port()));
        token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        url = nginx.url("").toString().replaceFirst("/$", "");
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void buildUploadsThenResolveAndListFindItTrustingThePrivateCa() throws Exception {
        String ca = pki.caCert().toString();
        CliRun build = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "1.0",
                "--release", "20261126", "--store", url, "--upload-token-file", token.toString(), "--ca-cert", ca);

        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.out()).contains("published   " + url + "/20261126/demo/1.0/img.tar.lz4");
        assertThat(served.resolve("20261126/demo/1.0/img.tar.lz4.md5")).exists();

        CliRun resolve = CliRun.of("resolve", "demo-1", "--catalog", url, "--ca-cert", ca);
        assertThat(resolve.exitCode()).as(resolve.err()).isZero();
        assertThat(resolve.out()).isEqualTo("demo-1.0.20261126\n");

        CliRun list = CliRun.of("list", "--catalog", url, "--os", "demo", "--ca-cert", ca);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("demo-1.0.20261126");
    }

    @Test
    void theCatalogClientFollowsARedirectFromHttpToHttps() throws Exception {
        String ca = pki.caCert().toString();
        CliRun build = CliRun.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "3.0",
                "--release", "20261128", "--store", url, "--upload-token-file", token.toString(), "--ca-cert", ca);
        assertThat(build.exitCode()).as(build.err()).isZero();

        try (NginxServer redirector = NginxServer.start(Files.createDirectories(dir.resolve("redirector")),
                Files.createDirectories(dir.resolve("redirector-www")),
                "location / { return 301 " + url + "$request_uri; }")) {
            String moved = redirector.url("").toString().replaceFirst("/$", "");
            CliRun resolve = CliRun.of("resolve", "demo-3", "--catalog", moved, "--ca-cert", ca);
            assertThat(resolve.exitCode()).as(resolve.err()).isZero();
            assertThat(resolve.out()).isEqualTo("demo-3.0.20261128\n");

            CliRun list = CliRun.of("list", "--catalog", moved, "--os", "demo", "--version", "3.0", "--ca-cert", ca);
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out()).contains("demo-3.0.20261128");
        }
    }

    @Test
    void withoutTheCaEachFailsInOneLineWithTheHint() throws Exception {
        for (List<String> args : List.of(
                List.of("resolve", "demo-1", "--catalog", url),
                List.of("list", "--catalog", url),
                List.of("build", BuildCommandIT.DEMO.toString(), "--os", "demo", "--version", "2.0", "--release", "20261127",
                        "--store", url, "--upload-token-file", token.toString()))) {
            CliRun run = CliRun.of(args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.err().lines().toList()).as(args.getFirst()).singleElement().asString()
                    .startsWith("osimg " + args.getFirst() + ": " + (args.getFirst().equals("build")
                            ? "opening an upload of 20261127/demo/2.0 on " + url + ": " : "GET " + url + "/api/v1/images"))
                    .endsWith("; if the server's CA is a private one, trust it with --ca-cert FILE");
        }
        try (Stream<Path> files = Files.walk(served)) {
            assertThat(files.filter(p -> p.toString().contains("20261127")).toList()).isEmpty();
        }
    }
}
