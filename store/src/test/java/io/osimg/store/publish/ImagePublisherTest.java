package io.osimg.store.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osimg.core.store.StoreKey;
import io.osimg.core.store.StoreLayout;
import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.catalog.StoreFixture;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.ImageServer;
import io.osimg.store.http.UploadToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three publishers behind one interface: a release is created once and then refused with one failure (type or,
 * from a server, its message) naming the image ID and the store; a stable image is replaced whole.
 */
class ImagePublisherTest {

    private static final StoreKey RELEASE = key("20261126/debian/12");
    private static final StoreKey STABLE = key("stable/debian/12");

    @TempDir
    Path base;

    @Test
    void aStoreDirectoryTakesAReleaseOnceAndReplacesStable() throws Exception {
        Path root = base.resolve("images");
        ImagePublisher publisher = ImagePublishers.forStore(root.toString(), options());
        assertThat(publisher).isInstanceOf(DirectoryPublisher.class);

        PublishedImage first = publish(publisher, RELEASE, "first");
        assertThat(first.localDirectory()).contains(root.resolve("20261126/debian/12"));
        assertThat(first.location()).isEqualTo(root.resolve("20261126/debian/12/img.tar.lz4").toString());
        assertThatThrownBy(() -> publisher.open(RELEASE)).isInstanceOf(ReleaseExistsException.class)
                .hasMessage(root + ": image debian-12.0.20261126 (20261126/debian/12) is published already and releases "
                        + "are immutable; publish it under a new release date");
        assertThat(root.resolve("20261126/debian/12/img.tar.lz4")).hasContent("first");

        publish(publisher, STABLE, "stable 1");
        publish(publisher, STABLE, "stable 2");
        assertThat(root.resolve("stable/debian/12/img.tar.lz4")).hasContent("stable 2");
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("20261126", "stable");
        }
    }

    @Test
    void aReleaseThatAppearsWhileTheBuildRunsIsRefusedByTheRename() throws Exception {
        Path root = base.resolve("images");
        ImagePublisher publisher = new DirectoryPublisher(root);
        try (StagedImage late = publisher.open(RELEASE)) {
            Files.writeString(late.dir().resolve("img.tar.lz4"), "late");
            publish(publisher, RELEASE, "early");
            assertThatThrownBy(late::publish).isInstanceOf(ReleaseExistsException.class)
                    .hasMessageContaining("debian-12.0.20261126").hasMessageContaining(root.toString());
        }
        assertThat(root.resolve("20261126/debian/12/img.tar.lz4")).hasContent("early");
    }

    @Test
    void aBlobStoreTakesAReleaseOnceInOneTransaction() throws Exception {
        Path root = base.resolve("bucket");
        FsBlobStore blobs = new FsBlobStore(root);
        ImagePublisher publisher = ImagePublishers.forStore("s3://images/metal-os/",
                new ImagePublishers.Options(null, null, url -> {
                    assertThat(url).isEqualTo("s3://images/metal-os/");
                    return blobs;
                }));
        assertThat(publisher).isInstanceOf(BlobStorePublisher.class);

        PublishedImage first = publish(publisher, RELEASE, "first");
        assertThat(first).isEqualTo(new PublishedImage("20261126/debian/12",
                "s3://images/metal-os/20261126/debian/12/img.tar.lz4", Optional.empty()));
        assertThat(blobs.list("")).extracting(b -> b.key())
                .containsExactly("20261126/debian/12/img.tar.lz4", "20261126/debian/12/img.tar.lz4.md5");
        assertThatThrownBy(() -> publisher.open(RELEASE)).isInstanceOf(ReleaseExistsException.class)
                .hasMessage(root + ": image debian-12.0.20261126 (20261126/debian/12) is published already and releases "
                        + "are immutable; publish it under a new release date");

        // a release that appears while the image is written is refused before the upload
        StoreKey other = key("20261127/debian/12");
        try (StagedImage late = publisher.open(other)) {
            Files.writeString(late.dir().resolve("img.tar.lz4"), "late");
            publish(publisher, other, "early");
            assertThatThrownBy(late::publish).isInstanceOf(ReleaseExistsException.class)
                    .hasMessageContaining("debian-12.0.20261127");
        }
        try (var in = blobs.open("20261127/debian/12/img.tar.lz4")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("early");
        }
        publisher.close();
    }

    @Test
    void aServerRefusesAnExistingReleaseWithTheSameMessage() throws Exception {
        Path root = base.resolve("served");
        FsBlobStore blobs = new FsBlobStore(root);
        try (ImageServer server = ImageServer.builder().store(blobs).listen(new InetSocketAddress("127.0.0.1", 0))
                .uploadToken(UploadToken.of("token"))
                .catalog(StoreCatalog.open(new BlobStoreView(blobs), null, s -> { })).start()) {
            String url = "http://127.0.0.1:" + server.port();
            Path token = Files.writeString(base.resolve("token"), "token\n");
            ImagePublisher publisher = ImagePublishers.forStore(url, new ImagePublishers.Options(token, null, null));
            assertThat(publisher).isInstanceOf(ServerPublisher.class);

            PublishedImage first = publish(publisher, RELEASE, "first");
            assertThat(first).isEqualTo(new PublishedImage("20261126/debian/12",
                    url + "/20261126/debian/12/img.tar.lz4", Optional.empty()));
            assertThat(root.resolve("20261126/debian/12/img.tar.lz4")).hasContent("first");
            assertThatThrownBy(() -> publish(publisher, RELEASE, "second")).isInstanceOf(UploadException.class)
                    .hasMessageContaining("409 conflict: " + root + ": image debian-12.0.20261126 (20261126/debian/12) "
                            + "is published already and releases are immutable");
            assertThat(root.resolve("20261126/debian/12/img.tar.lz4")).hasContent("first");
        }
    }

    @Test
    void anUploadTokenGoesOnlyWithAServerAndIsNotEmpty() throws IOException {
        Path missing = base.resolve("missing");
        assertThatThrownBy(() -> ImagePublishers.forStore(base.toString(), new ImagePublishers.Options(missing, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--upload-token-file only goes with --store http(s)://..., not " + base);
        Path empty = Files.writeString(base.resolve("empty"), " \n");
        assertThatThrownBy(() -> ImagePublishers.forStore("http://127.0.0.1:1", new ImagePublishers.Options(empty, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--upload-token-file " + empty + ": empty");
    }

    /** Publishes an image whose img.tar.lz4 holds {@code content}, with its md5 file. */
    private static PublishedImage publish(ImagePublisher publisher, StoreKey image, String content) throws IOException {
        try (StagedImage staged = publisher.open(image)) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            Files.write(staged.dir().resolve("img.tar.lz4"), bytes);
            Files.writeString(staged.dir().resolve("img.tar.lz4.md5"), StoreFixture.md5(bytes) + "  img.tar.lz4\n");
            return staged.publish();
        }
    }

    private static ImagePublishers.Options options() {
        return new ImagePublishers.Options(null, null, null);
    }

    private static StoreKey key(String imageDir) {
        return StoreLayout.parseKey(imageDir + "/img.tar.lz4").orElseThrow();
    }
}
