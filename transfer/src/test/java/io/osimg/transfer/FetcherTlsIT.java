package io.osimg.transfer;

import io.osimg.core.checksum.DigestAlgorithm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fetcher against a real nginx over TLS on 127.0.0.1, its certificate signed by a private CA made here with
 * openssl: trust by {@link TransferOptions#caCertificates()}, hostname verification, resumption through a proxy
 * that cuts the TLS stream, and redirects.
 */
class FetcherTlsIT {

    private static final int SIZE = 8 * 1024 * 1024 + 1234;
    private static final Set<DigestAlgorithm> ALGS = Set.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA512);
    private static final String IMAGE = "stable/debian/12/img.tar.lz4";

    @TempDir
    static Path dir;
    private static byte[] content;
    private static String md5;
    private static String sha512;
    private static TestCertificates pki;
    private static List<X509Certificate> ca;
    private static NginxServer https;
    private static NginxServer http;

    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeAll
    static void startNginx() throws Exception {
        content = TestData.random(SIZE, 815);
        md5 = TestData.hex("MD5", content);
        sha512 = TestData.hex("SHA-512", content);
        Files.write(Files.createDirectories(dir.resolve("www/stable/debian/12")).resolve("img.tar.lz4"), content);
        pki = TestCertificates.create(dir.resolve("pki"));
        ca = CaCertificates.read(pki.caCert());
        https = NginxServer.startTls(Files.createDirectories(dir.resolve("nginx-tls")), dir.resolve("www"), pki, """
                location = /moved/img.tar.lz4 { return 302 /%1$s; }
                location = /loop { return 302 /loop; }
                location = /to-http { return 302 http://127.0.0.1:%2$d/%1$s; }
                location = /hops/1 { return 302 /%1$s; }
                """.formatted(IMAGE, NginxServer.freePort()) + hops(5));
        // plain http that sends everything to the https server
        http = NginxServer.start(Files.createDirectories(dir.resolve("nginx-plain")), dir.resolve("www"),
                "location / { return 301 https://127.0.0.1:" + https.port() + "$request_uri; }");
    }

    /** /hops/N answers with a redirect to /hops/N-1 (N = 2..max), /hops/1 to the image: N redirects in a row. */
    private static String hops(int max) {
        StringBuilder config = new StringBuilder();
        for (int n = 2; n <= max; n++) {
            config.append("location = /hops/").append(n).append(" { return 302 /hops/").append(n - 1).append("; }\n");
        }
        return config.toString();
    }

    @AfterAll
    static void stopNginx() {
        if (https != null) {
            https.close();
        }
        if (http != null) {
            http.close();
        }
    }

    private Fetcher fetcher(TransferOptions options) {
        return new Fetcher(options, Clock.systemUTC(), sleeper);
    }

    private static TransferOptions trusting() {
        return TransferOptions.defaults().withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1)).withCaCertificates(ca);
    }

    private byte[] fetch(URI url, TransferOptions options, List<String> digests) throws IOException {
        try (Fetcher f = fetcher(options); FetchStream in = f.open(List.of(url), ALGS, null)) {
            byte[] got = TestData.readAll(in);
            digests.add(in.digests().get(DigestAlgorithm.MD5));
            digests.add(in.digests().get(DigestAlgorithm.SHA512));
            return got;
        }
    }

    @Test
    void downloadOverHttpsWithThePrivateCaTrustedHasTheRightDigests() throws IOException {
        Path target = dir.resolve("out-trusted/img.tar.lz4");
        try (Fetcher f = fetcher(trusting())) {
            Download d = f.download(List.of(https.url(IMAGE)), target, ALGS, null);

            assertThat(d.size()).isEqualTo(SIZE);
            assertThat(d.digests()).containsEntry(DigestAlgorithm.MD5, md5).containsEntry(DigestAlgorithm.SHA512, sha512);
            assertThat(d.attempts()).isEqualTo(1);
        }
        assertThat(Files.mismatch(target, dir.resolve("www/" + IMAGE))).isEqualTo(-1);
    }

    @Test
    void aBundleOfSeveralCasIsReadWhole() throws Exception {
        TestCertificates other = TestCertificates.create(dir.resolve("pki-other"));
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, Files.readString(other.caCert()) + Files.readString(pki.caCert()));
        List<X509Certificate> both = CaCertificates.read(bundle);

        assertThat(both).hasSize(2);
        assertThat(both.get(1)).isEqualTo(ca.getFirst());
        List<String> digests = new ArrayList<>();
        fetch(https.url(IMAGE), trusting().withCaCertificates(both), digests);
        assertThat(digests).containsExactly(md5, sha512);
        // the other CA alone does not vouch for the server
        try (Fetcher f = fetcher(trusting().withCaCertificates(CaCertificates.read(other.caCert())))) {
            assertThatThrownBy(() -> f.open(List.of(https.url(IMAGE)), ALGS, null))
                    .isInstanceOf(UntrustedCertificateException.class);
        }
    }

    @Test
    void withoutTheCaTheFetchFailsAtOnceNamingTheUrlAndLeavesNoFile() throws IOException {
        URI url = https.url(IMAGE);
        Path target = dir.resolve("out-untrusted/img.tar.lz4");
        int requestsBefore = https.accessLog().size();
        try (Fetcher f = fetcher(TransferOptions.defaults())) {
            assertThatThrownBy(() -> f.download(List.of(url), target, ALGS, null))
                    .isInstanceOf(UntrustedCertificateException.class)
                    .hasMessage("GET " + url + ": the server's TLS certificate is not trusted"
                            + " (unable to find valid certification path to requested target)");
        }
        assertThat(sleeper.sleeps()).as("not retried").isEmpty();
        assertThat(target).doesNotExist();
        assertThat(target.resolveSibling("img.tar.lz4.part")).doesNotExist();
        assertThat(https.accessLog()).as("no request got through the handshake").hasSize(requestsBefore);
    }

    @Test
    void theCaDoesNotLiftHostnameVerification() throws IOException {
        URI byName = URI.create("https://localhost:" + https.port() + "/" + IMAGE);
        try (Fetcher f = fetcher(trusting())) {
            assertThatThrownBy(() -> f.open(List.of(byName), ALGS, null))
                    .isInstanceOf(UntrustedCertificateException.class)
                    .hasMessageStartingWith("GET " + byName + ": the server's TLS certificate is not trusted")
                    .hasMessageContaining("localhost");
        }
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void anUntrustedMirrorFailsOverToTheNextWithoutAPause() throws IOException {
        URI byName = URI.create("https://localhost:" + https.port() + "/" + IMAGE);
        try (Fetcher f = fetcher(trusting());
             FetchStream in = f.open(List.of(byName, https.url(IMAGE)), ALGS, null)) {
            TestData.readAll(in);
            assertThat(in.digests()).containsEntry(DigestAlgorithm.SHA512, sha512);
            assertThat(in.currentUrl()).isEqualTo(https.url(IMAGE));
        }
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void aTlsConnectionCutMidBodyIsResumedWithTheRightDigests() throws IOException {
        long cut = SIZE / 2;
        List<String> log;
        try (CuttingProxy proxy = CuttingProxy.opaque(https.port(), cut, 1);
             Fetcher f = fetcher(trusting());
             FetchStream in = f.open(List.of(URI.create("https://127.0.0.1:" + proxy.port() + "/" + IMAGE)), ALGS, null)) {
            byte[] got = TestData.readAll(in);

            assertThat(got).isEqualTo(content);
            assertThat(in.digests()).containsEntry(DigestAlgorithm.MD5, md5).containsEntry(DigestAlgorithm.SHA512, sha512);
            assertThat(in.attempts()).isEqualTo(2);
            assertThat(proxy.connections()).isEqualTo(2);
            assertThat(in.bytesRedownloaded()).isZero();
            log = https.accessLog();
        }
        // the second request asked for the rest, from somewhat before the cut (TLS framing and headers count too)
        String resumed = log.stream().filter(l -> l.contains(" 206 range=\"bytes=")).reduce((a, b) -> b).orElseThrow();
        long from = Long.parseLong(resumed.replaceFirst(".*range=\"bytes=(\\d+)-\".*", "$1"));
        assertThat(from).isBetween(cut - 256 * 1024, cut);
        assertThat(resumed).startsWith("GET /" + IMAGE + " 206").containsPattern("if_range=\"\"[0-9a-f-]+\"\"$");
    }

    @Test
    void anHttpsToHttpsRedirectIsFollowed() throws IOException {
        List<String> digests = new ArrayList<>();
        byte[] got = fetch(https.url("moved/img.tar.lz4"), trusting(), digests);

        assertThat(got).isEqualTo(content);
        assertThat(digests).containsExactly(md5, sha512);
        assertThat(https.accessLog()).contains("GET /moved/img.tar.lz4 302 range=\"\" if_range=\"\"");
    }

    @Test
    void anHttpToHttpsRedirectIsFollowed() throws IOException {
        List<String> digests = new ArrayList<>();
        byte[] got = fetch(http.url("moved/img.tar.lz4"), trusting(), digests);

        assertThat(got).isEqualTo(content);
        assertThat(digests).containsExactly(md5, sha512);
        assertThat(http.accessLog()).contains("GET /moved/img.tar.lz4 301 range=\"\" if_range=\"\"");
    }

    @Test
    void aRedirectLoopFailsNamingTheLoopWithoutRetrying() throws IOException {
        URI loop = https.url("loop");
        try (Fetcher f = fetcher(trusting())) {
            assertThatThrownBy(() -> f.open(List.of(loop), ALGS, null))
                    .isInstanceOf(TransferException.class)
                    .hasMessage("GET " + loop + ": redirect loop (HTTP 302: " + loop + " -> " + loop + ")");
        }
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(https.accessLog()).filteredOn(l -> l.startsWith("GET /loop ")).hasSize(5);
    }

    @Test
    void fourRedirectsInARowAreFollowedAFifthIsTooMany() throws IOException {
        List<String> digests = new ArrayList<>();
        assertThat(fetch(https.url("hops/4"), trusting(), digests)).isEqualTo(content);
        assertThat(digests).containsExactly(md5, sha512);

        URI five = https.url("hops/5");
        try (Fetcher f = fetcher(trusting())) {
            assertThatThrownBy(() -> f.open(List.of(five), ALGS, null))
                    .isInstanceOf(TransferException.class)
                    .hasMessage("GET " + five + ": too many redirects (HTTP 302: " + five + " -> " + https.url("hops/4")
                            + " -> " + https.url("hops/3") + " -> " + https.url("hops/2") + " -> " + https.url("hops/1")
                            + " -> " + https.url(IMAGE) + ")");
        }
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void anHttpsToHttpRedirectIsNotFollowed() throws IOException {
        URI toHttp = https.url("to-http");
        try (Fetcher f = fetcher(trusting())) {
            assertThatThrownBy(() -> f.open(List.of(toHttp), ALGS, null))
                    .isInstanceOf(TransferException.class)
                    .hasMessageStartingWith("GET " + toHttp + ": not following a redirect from https to http (HTTP 302: "
                            + toHttp + " -> http://127.0.0.1:");
        }
        assertThat(sleeper.sleeps()).isEmpty();
    }
}
