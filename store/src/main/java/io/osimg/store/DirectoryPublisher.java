package io.osimg.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Publishes the files of a local directory (a built image) into a {@link BlobStore} as one {@link BlobTransaction}:
 * {@code <local>/a/b} becomes {@code <directory>/a/b}. Symbolic links and other non-regular files are refused.
 */
public final class DirectoryPublisher {

    private DirectoryPublisher() {
    }

    /** Uploads every regular file under {@code local} (sorted by name) and commits; returns the published objects. */
    public static List<BlobInfo> publish(BlobStore store, Path local, String directory) throws IOException {
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
