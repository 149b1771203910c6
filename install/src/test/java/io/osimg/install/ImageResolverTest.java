package io.osimg.install;

import io.osimg.transfer.Fetcher;
import io.osimg.transfer.TransferOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageResolverTest {

    @TempDir
    Path store;

    private ImageSource resolve(String image, String catalog, List<URI> mirrors) throws Exception {
        try (Fetcher f = new Fetcher(TransferOptions.defaults())) {
            return new ImageResolver(f).resolve(image, catalog, mirrors);
        }
    }

    private void image(String dir) throws Exception {
        Files.createDirectories(store.resolve(dir));
        Files.writeString(store.resolve(dir).resolve("img.tar.lz4"), dir);
        // an image counts only with its md5 (contract section 2), in every kind of catalog
        Files.writeString(store.resolve(dir).resolve("img.tar.lz4.md5"), "0".repeat(32) + "  img.tar.lz4\n");
    }

    @Test
    void aPartialIdPicksTheNewestReleaseDirectory() throws Exception {
        image("20261101/debian/12");
        image("20261120/debian/12");
        image("stable/debian/12");
        image("20261125/debian/13");
        image("20261130/ubuntu/24.04");

        ImageSource s = resolve("debian-12", store.toString(), List.of());

        assertThat(s.file()).isEqualTo(store.resolve("20261120/debian/12/img.tar.lz4").toAbsolutePath());
        assertThat(s.id()).isEqualTo("debian-12.0.20261120");
        assertThat(resolve("debian-12.0.20261101", store.toString(), List.of()).file())
                .isEqualTo(store.resolve("20261101/debian/12/img.tar.lz4").toAbsolutePath());
        assertThat(resolve("ubuntu-24.04", store.toString(), List.of()).file())
                .isEqualTo(store.resolve("20261130/ubuntu/24.04/img.tar.lz4").toAbsolutePath());
    }

    @Test
    void onlyAStableBuildResolvesToItByItsIdSayingSo() throws Exception {
        image("stable/debian/12");
        List<String> notes = new java.util.ArrayList<>();
        try (Fetcher f = new Fetcher(TransferOptions.defaults())) {
            // the ID list prints for it (debian-12.0); a range (debian-12) never reaches a stable build, as resolve
            assertThat(new ImageResolver(f).resolve("debian-12.0", store.toString(), List.of(), notes::add).file())
                    .isEqualTo(store.resolve("stable/debian/12/img.tar.lz4").toAbsolutePath());
        }
        assertThat(notes).containsExactly("no release matches debian-12.0; it is the stable build at stable/debian/12");
        assertThatThrownBy(() -> resolve("debian-12", store.toString(), List.of()))
                .isInstanceOf(io.osimg.catalog.NoMatchingImageException.class);
    }

    @Test
    void noMatchNamesTheIdAndTheCatalog() throws Exception {
        image("20261101/debian/12");
        assertThatThrownBy(() -> resolve("debian-11", store.toString(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("debian-11").hasMessageContaining(store.toString());
    }

    @Test
    void aJsonCatalogFileResolvesToTheRecordsUrlAndMirrorsGetTheSameKey() throws Exception {
        Path catalog = store.resolve("images.json");
        Files.writeString(catalog, """
                [{"id":"debian-12.0.20261101","url":"http://127.0.0.1:1/metal-os/20261101/debian/12/img.tar.lz4"},
                 {"id":"debian-12.0.20261120","url":"http://127.0.0.1:1/metal-os/20261120/debian/12/"},
                 {"id":"not-an-id-x","url":"http://127.0.0.1:1/x"}]""");

        ImageSource s = resolve("debian-12", catalog.toString(), List.of(URI.create("http://127.0.0.1:2/cache/")));

        assertThat(s.urls()).containsExactly(
                URI.create("http://127.0.0.1:1/metal-os/20261120/debian/12/img.tar.lz4"),
                URI.create("http://127.0.0.1:2/cache/metal-os/20261120/debian/12/img.tar.lz4"));
        assertThat(s.siblingUrls("img.tar.lz4.md5").getFirst())
                .isEqualTo(URI.create("http://127.0.0.1:1/metal-os/20261120/debian/12/img.tar.lz4.md5"));
    }

    @Test
    void aUrlOfTheDirectoryNamesTheImageFile() throws Exception {
        ImageSource s = resolve("http://127.0.0.1:1/stable/debian/12", null, List.of());
        assertThat(s.urls()).containsExactly(URI.create("http://127.0.0.1:1/stable/debian/12/img.tar.lz4"));
    }

    @Test
    void anIdWithoutCatalogIsABadArgument() {
        assertThatThrownBy(() -> resolve("debian-12", null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --catalog");
    }
}
