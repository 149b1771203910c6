package io.osimg.cli;

import io.osimg.archive.lz4.Lz4FrameOutputStream;
import io.osimg.archive.lz4.Lz4Options;
import io.osimg.archive.tar.EntryType;
import io.osimg.archive.tar.TarEntry;
import io.osimg.archive.tar.TarWriter;
import io.osimg.core.checksum.ChecksumFile;
import io.osimg.core.checksum.DigestAlgorithm;
import io.osimg.transfer.NginxServer;
import io.osimg.transfer.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code osimg install} from a real nginx over https whose certificate a private CA (made here by openssl) signed. */
class InstallHttpsIT {

    @TempDir
    static Path dir;
    private static NginxServer nginx;
    private static TestCertificates pki;
    private static byte[] big;
    private static String md5;

    @TempDir
    Path work;

    @BeforeAll
    static void serveAnImageOverHttps() throws Exception {
        big = new byte[2 << 20];
        new Random(11).nextBytes(big);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarWriter w = new TarWriter(tar)) {
            w.write(TarEntry.builder("etc", EntryType.DIRECTORY).mode(0755).build(), null);
            w.write(TarEntry.builder("etc/hostname", EntryType.FILE).mode(0644).size(5).build(),
                    new ByteArrayInputStream("test\n".getBytes()));
            w.write(TarEntry.builder("big.bin", EntryType.FILE).mode(0600).size(big.length).build(),
                    new ByteArrayInputStream(big));
            w.finish();
        }
        ByteArrayOutputStream lz4 = new ByteArrayOutputStream();
        try (Lz4FrameOutputStream o = new Lz4FrameOutputStream(lz4, Lz4Options.defaults().withLevel(1))) {
            o.write(tar.toByteArray());
        }
        byte[] img = lz4.toByteArray();
        md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(img));
        Path d = Files.createDirectories(dir.resolve("www/20261120/debian/12"));
        Files.write(d.resolve("img.tar.lz4"), img);
        Files.writeString(d.resolve("img.tar.lz4.md5"), ChecksumFile.format(DigestAlgorithm.MD5, md5, "img.tar.lz4"));
        pki = TestCertificates.create(dir.resolve("pki"));
        nginx = NginxServer.startTls(Files.createDirectories(dir.resolve("nginx")), dir.resolve("www"), pki,
                "location = /events { return 204; }");
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void installsOverHttpsTrustingThePrivateCa() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        CliRun run = CliRun.of("install", "--image", nginx.url("20261120/debian/12/").toString(),
                "--ca-cert", pki.caCert().toString(), "--root", root.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("md5 " + md5);
        assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo("test\n");
        assertThat(Files.readAllBytes(root.resolve("big.bin"))).isEqualTo(big);
    }

    @Test
    void eventsArePostedOverHttpsTrustingThePrivateCa() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        long before = postedEvents();
        CliRun run = CliRun.of("install", "--image", nginx.url("20261120/debian/12/").toString(),
                "--ca-cert", pki.caCert().toString(), "--root", root.toString(),
                "--events", "json", "--events-url", nginx.url("events").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).doesNotContain("events to");
        List<String> lines = run.out().lines().toList();
        assertThat(lines.getLast()).startsWith("{").contains("\"event\":\"result\"").contains("\"ok\":true");
        assertThat(postedEventsOnceLogged(before + lines.size()) - before).as("one POST per JSON line, the result too")
                .isEqualTo(lines.size());
    }

    @Test
    void anEventsEndpointWithAnUntrustedCertificateFailsItsPostsNotTheInstall() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        long before = postedEvents();
        CliRun run = CliRun.of("install", "--image", dir.resolve("www/20261120/debian/12").toString(),
                "--root", root.toString(), "--events-url", nginx.url("events").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).containsPattern("osimg install: warning: events to " + nginx.url("events")
                + ": 0 sent, 0 dropped, [1-9][0-9]* failed");
        assertThat(postedEvents()).isEqualTo(before);
        assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo("test\n");
    }

    /**
     * The POSTs in nginx's access log once it holds {@code expected} of them, or what it holds after 10 s: nginx writes
     * a request's line when it finalizes the request, which can come after the client has its answer and exited.
     */
    private static long postedEventsOnceLogged(long expected) throws Exception {
        long n = postedEvents();
        for (int i = 0; i < 100 && n < expected; i++) {
            Thread.sleep(100);
            n = postedEvents();
        }
        return n;
    }

    private static long postedEvents() throws Exception {
        return nginx.accessLog().stream().filter(l -> l.startsWith("POST /events 204")).count();
    }

    @Test
    void withoutTheCaItFailsInOneLineAndWritesNothing() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        CliRun run = CliRun.of("install", "--image", nginx.url("20261120/debian/12/").toString(), "--root", root.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        // the one warning that no --trust policy checks signatures, then the error in one line
        assertThat(run.err().lines().toList()).hasSize(2).first().asString().startsWith("warning: no --trust");
        assertThat(run.err().lines().toList()).last().asString()
                .startsWith("osimg install: GET " + nginx.url("20261120/debian/12/img.tar.lz4"))
                .contains(": the server's TLS certificate is not trusted (")
                .endsWith("; if the server's CA is a private one, trust it with --ca-cert FILE");
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void withDebugTheStackTraceFollows() throws Exception {
        Path root = Files.createDirectories(work.resolve("root"));
        CliRun run = CliRun.of("install", "--image", nginx.url("20261120/debian/12/").toString(), "--root", root.toString(),
                "--debug");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("io.osimg.transfer.UntrustedCertificateException")
                .contains("javax.net.ssl.SSLHandshakeException");
    }

    @Test
    void aFileThatIsNoCertificateIsAUsageErrorNamingIt() throws Exception {
        Path notPem = Files.writeString(work.resolve("ca.pem"), "not a certificate\n");
        Path root = Files.createDirectories(work.resolve("root"));
        for (List<String> args : List.of(
                List.of("install", "--image", nginx.url("20261120/debian/12/").toString(), "--root", root.toString()),
                List.of("mirror", "--from", nginx.url("").toString(), "--to", work.resolve("store").toString()))) {
            CliRun run = CliRun.of(Stream.concat(args.stream(), Stream.of("--ca-cert", notPem.toString()))
                    .toArray(String[]::new));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).startsWith("osimg " + args.getFirst() + ": --ca-cert " + notPem + ": not a PEM certificate");
        }
    }
}
