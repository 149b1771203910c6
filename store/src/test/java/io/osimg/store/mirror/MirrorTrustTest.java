package io.osimg.store.mirror;

import static io.osimg.store.mirror.UpstreamFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osimg.core.store.ImageFiles;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.AccessLog;
import io.osimg.store.http.ImageServer;
import io.osimg.transfer.Fetcher;
import io.osimg.trust.Gpg;
import io.osimg.trust.TrustPolicy;
import io.osimg.trust.UntrustedImageException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirror --trust}: an upstream image without a signature, or signed by a key the policy does not hold, is
 * left out (its img.tar.lz4 never requested) and reported as such; the signed images are mirrored with their
 * signatures.
 */
class MirrorTrustTest {

    static final String UNSIGNED = "metal-os/20260502/debian/12";
    static final String STRANGER = "metal-os/20260503/ubuntu/22.04";

    @TempDir
    Path base;
    Path upstreamRoot;
    Path localRoot;
    FsBlobStore upstreamStore;
    ImageServer server;
    Gpg gpg;
    final ConcurrentLinkedQueue<AccessLog.Entry> log = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startUpstream() throws IOException {
        assumeTrue(Gpg.available(), "gpg is not installed");
        upstreamRoot = base.resolve("upstream");
        localRoot = base.resolve("local");
        UpstreamFixture.populate(upstreamRoot);
        upstreamStore = new FsBlobStore(upstreamRoot);
        server = ImageServer.builder().store(upstreamStore).listen(new InetSocketAddress("127.0.0.1", 0))
                .accessLog(log::add).ioThreads(2).start();
        gpg = new Gpg(base.resolve("gnupg"));
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
            upstreamStore.close();
        }
        if (gpg != null) {
            gpg.close();
        }
    }

    @Test
    void unsignedAndUntrustedImagesAreLeftOutTheRestIsMirrored() throws IOException {
        String release = gpg.generate("Upstream release <release@example.org>", null, "1y", null);
        String stranger = gpg.generate("Stranger <stranger@example.org>", null, "1y", null);
        for (String dir : MirrorTest.EXPECTED) {
            if (!dir.equals(UNSIGNED)) {
                gpg.detachSign(dir.equals(STRANGER) ? stranger : release, null,
                        upstreamRoot.resolve(dir).resolve(ImageFiles.SHA512), null);
            }
        }
        Path keyring = gpg.exportPublic(release, base.resolve("release.asc"), true);
        TrustPolicy trust = TrustPolicy.parse(keyring.toString(), Files.readAllBytes(keyring));
        MirrorOptions options = MirrorOptions.defaults()
                .withPolicy(RetentionPolicy.defaults().withKeep(2).withMaxSize(MirrorTest.MAX_SIZE)).withTrust(trust);

        MirrorReport report;
        try (Fetcher fetcher = new Fetcher(UpstreamFixture.transferOptions());
             FsBlobStore local = new FsBlobStore(localRoot)) {
            Upstream upstream = new Upstream(URI.create("http://127.0.0.1:" + server.port() + "/"), fetcher);
            report = new Mirror(upstream, local, fetcher, options, Clock.fixed(NOW, ZoneOffset.UTC), null).run();
        }

        assertThat(report.ok()).isFalse();
        assertThat(report.failures()).extracting(MirrorReport.Failure::directory).containsExactlyInAnyOrder(UNSIGNED, STRANGER);
        assertThat(report.failures()).allSatisfy(f -> assertThat(f.cause()).isInstanceOf(UntrustedImageException.class));
        MirrorReport.Failure unsigned = report.failures().stream().filter(f -> f.directory().equals(UNSIGNED)).findFirst().orElseThrow();
        assertThat(unsigned.message()).contains(UNSIGNED + "/img.tar.lz4: not signed");
        MirrorReport.Failure untrusted = report.failures().stream().filter(f -> f.directory().equals(STRANGER)).findFirst().orElseThrow();
        assertThat(untrusted.message()).contains(STRANGER + "/img.tar.lz4: refused by the trust policy",
                "signed by key " + stranger.substring(24) + ", which the trust policy does not hold");
        List<String> mirrored = MirrorTest.EXPECTED.stream().filter(d -> !d.equals(UNSIGNED) && !d.equals(STRANGER)).toList();
        assertThat(report.fetched()).containsExactlyInAnyOrderElementsOf(mirrored);
        assertThat(log.stream().map(AccessLog.Entry::path))
                .noneMatch(p -> p.endsWith(UNSIGNED + "/img.tar.lz4") || p.endsWith(STRANGER + "/img.tar.lz4"));
        Map<String, String> local = UpstreamFixture.snapshot(localRoot);
        assertThat(local).doesNotContainKeys(UNSIGNED + "/img.tar.lz4", STRANGER + "/img.tar.lz4");
        for (String dir : mirrored) {
            assertThat(local.get(dir + "/" + ImageFiles.SHA512_ASC)).as(dir).isNotNull();
        }
    }
}
