package io.osimg.store.publish;

import io.osimg.core.store.ImageFiles;
import io.osimg.core.store.StoreKey;
import io.osimg.store.BlobInfo;
import io.osimg.store.BlobKey;
import io.osimg.store.BlobStore;
import io.osimg.store.BlobTransaction;
import io.osimg.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Publishes images into any {@link BlobStore} (a bucket, above all) as one {@link BlobTransaction}: the image is
 * written into a local temporary directory, then every file is uploaded and committed together (a bucket's
 * transaction uploads {@code img.tar.lz4.md5} last, so the image counts only when complete). A release is checked by
 * {@link ReleaseRule} when it is opened, before any work, and again right before its upload.
 */
public final class BlobStorePublisher implements ImagePublisher {

    private final BlobStore store;
    private final String base;

    /**
     * @param store the store, closed with this publisher
     * @param base what the store's keys are appended to in {@link PublishedImage#location()}, e.g.
     *     {@code s3://images/metal-os}
     */
    public BlobStorePublisher(BlobStore store, String base) {
        this.store = store;
        this.base = base.replaceFirst("/+$", "");
    }

    @Override
    public StagedImage open(StoreKey image) throws IOException {
        ReleaseRule.requireNew(image, store);
        return LocalStaging.create(dir -> {
            ReleaseRule.requireNew(image, store);
            upload(store, dir, image.imageDir());
            return new PublishedImage(image.imageDir(), base + "/" + image.imageDir() + "/" + ImageFiles.IMAGE,
                    Optional.empty());
        });
    }

    @Override
    public String store() {
        return ReleaseRule.name(store);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    /**
     * Uploads every regular file under {@code local} (sorted by name) as {@code <directory>/<relative path>} in one
     * transaction and commits; returns the published objects. Symbolic links and other non-regular files are refused.
     */
    public static List<BlobInfo> upload(BlobStore store, Path local, String directory) throws IOException {
        BlobKey.validate(directory);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(local)) {
            files = walk.filter(p -> !p.equals(local) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        try (BlobTransaction tx = store.begin(directory)) {
            for (Path file : files) {
                String name = local.relativize(file).toString();
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new StoreException("publishing " + local + " as " + directory + " in " + store + ": " + name
                            + " is not a regular file");
                }
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    tx.put(name, in);
                }
            }
            return tx.commit();
        }
    }
}
