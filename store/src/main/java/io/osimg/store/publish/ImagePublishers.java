package io.osimg.store.publish;

import io.osimg.core.text.TextFile;
import io.osimg.store.BlobStore;
import io.osimg.store.s3.S3Location;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/** Turns what {@code --store} names into the {@link ImagePublisher} for it. */
public final class ImagePublishers {

    /** Opens a bucket store ({@code s3://bucket/prefix}) with the command's endpoint and credentials. */
    @FunctionalInterface
    public interface BucketOpener {
        BlobStore open(String s3Url) throws IOException;
    }

    /**
     * @param uploadTokenFile the file holding the bearer token for an osimg server, null for none
     * @param tls the trust for an https server, null for the JDK's default
     * @param buckets how an {@code s3://} store is opened
     */
    public record Options(Path uploadTokenFile, SSLContext tls, BucketOpener buckets) {}

    private ImagePublishers() {
    }

    /**
     * {@code http(s)://host[:port][/path]}: an osimg server ({@link ServerPublisher}); {@code s3://bucket/prefix}: a
     * bucket ({@link BlobStorePublisher}); anything else: a store directory ({@link DirectoryPublisher}, created when
     * missing).
     */
    public static ImagePublisher forStore(String store, Options options) throws IOException {
        String lower = store.toLowerCase(Locale.ROOT);
        boolean server = lower.startsWith("http://") || lower.startsWith("https://");
        if (!server && options.uploadTokenFile() != null) {
            throw new IllegalArgumentException("--upload-token-file only goes with --store http(s)://..., not " + store);
        }
        if (server) {
            return new ServerPublisher(URI.create(store), token(options.uploadTokenFile()), options.tls());
        }
        if (S3Location.isS3(store)) {
            return new BlobStorePublisher(options.buckets().open(store), store);
        }
        return new DirectoryPublisher(Path.of(store));
    }

    private static String token(Path file) throws IOException {
        if (file == null) {
            return null;
        }
        String token = TextFile.read(file).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("--upload-token-file " + file + ": empty");
        }
        return token;
    }
}
