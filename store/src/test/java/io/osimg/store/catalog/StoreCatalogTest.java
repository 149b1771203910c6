package io.osimg.store.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.osimg.catalog.StoreFixture;
import io.osimg.catalog.StoreView;
import io.osimg.core.image.ImageId;
import io.osimg.store.BlobInfo;
import io.osimg.store.fs.FsBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The periodic refresh rescans only when a directory of the store changed (or every so often regardless). */
class StoreCatalogTest {

    @TempDir
    Path root;

    /** Counts full listings, delegating everything to the view of the real store. */
    static final class CountingView implements StoreView<BlobInfo> {
        final StoreView<BlobInfo> inner;
        final AtomicInteger listings = new AtomicInteger();

        CountingView(StoreView<BlobInfo> inner) {
            this.inner = inner;
        }

        @Override
        public List<BlobInfo> files() throws IOException {
            listings.incrementAndGet();
            return inner.files();
        }

        @Override
        public String readText(String key, int maxBytes) throws IOException {
            return inner.readText(key, maxBytes);
        }

        @Override
        public OptionalLong changeStamp(Set<String> imageDirs) throws IOException {
            return inner.changeStamp(imageDirs);
        }

        @Override
        public String describe() {
            return inner.describe();
        }
    }

    @Test
    void periodicRefreshSkipsAnUnchangedStoreAndSeesPublishedImages() throws Exception {
        StoreFixture.contractStore(root);
        CountingView view = new CountingView(new BlobStoreView(new FsBlobStore(root)));
        try (StoreCatalog catalog = StoreCatalog.open(view, null, s -> { })) {
            assertThat(view.listings.get()).isEqualTo(1);
            catalog.refreshIfChanged();
            catalog.refreshIfChanged();
            assertThat(view.listings.get()).as("nothing changed: no rescan").isEqualTo(1);

            // publish a new release the way build and mirror do: write aside, then one rename into place
            Path staged = Files.createDirectories(root.resolve(".staging/new"));
            StoreFixture.image(staged, "x");
            Files.createDirectories(root.resolve("20261127/debian"));
            Files.move(staged.resolve("x"), root.resolve("20261127/debian/12"), StandardCopyOption.ATOMIC_MOVE);
            catalog.refreshIfChanged();
            assertThat(view.listings.get()).isEqualTo(2);
            assertThat(catalog.current().latest(ImageId.parse("debian-12")).orElseThrow().id().raw())
                    .isEqualTo("debian-12.0.20261127");

            // a file renamed into an existing image directory changes that directory
            Files.writeString(root.resolve(".staging/manifest.json"), "{\"id\":\"debian-12.0.20261127\",\"classification\":\"supported\"}");
            Files.move(root.resolve(".staging/manifest.json"), root.resolve("20261127/debian/12/manifest.json"), StandardCopyOption.ATOMIC_MOVE);
            catalog.refreshIfChanged();
            assertThat(view.listings.get()).isEqualTo(3);

            // deleting an image is seen too
            for (String f : List.of("img.tar.lz4", "img.tar.lz4.md5", "manifest.json")) {
                Files.delete(root.resolve("20261127/debian/12").resolve(f));
            }
            Files.delete(root.resolve("20261127/debian/12"));
            catalog.refreshIfChanged();
            assertThat(view.listings.get()).isEqualTo(4);
            assertThat(catalog.current().latest(ImageId.parse("debian-12")).orElseThrow().id().raw())
                    .isEqualTo("debian-12.0.20261120");
        }
    }

    @Test
    void everyNthRefreshRescansRegardless() throws Exception {
        StoreFixture.contractStore(root);
        CountingView view = new CountingView(new BlobStoreView(new FsBlobStore(root)));
        try (StoreCatalog catalog = StoreCatalog.open(view, null, s -> { })) {
            for (int i = 0; i < StoreCatalog.FULL_RESCAN_EVERY; i++) {
                catalog.refreshIfChanged();
            }
            assertThat(view.listings.get()).isEqualTo(2);
        }
    }
}
