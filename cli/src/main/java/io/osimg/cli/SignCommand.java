package io.osimg.cli;

import io.osimg.core.store.Channel;
import io.osimg.store.BlobStore;
import io.osimg.store.sign.ImageSignatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "sign", sortOptions = false,
        description = {
            "Sign an image that is already in a store.",
            "",
            "IMAGE is the image directory in a store directory (./store/20261126/debian/12) or in a bucket "
                    + "(s3://bucket/prefix/20261126/debian/12). The image is read once and checked against its "
                    + "img.tar.lz4.sha512; then the signatures (see --sign-key) are added to the image directory "
                    + "together, the image's own files untouched. A signature file that exists is not replaced.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  OSIMG_SIGN_PASSPHRASE=... osimg sign ./store/20261126/debian/12 --sign-key release.asc",
            "  osimg sign s3://images/metal-os/20261126/debian/12 --sign-key cosign.key.pem"})
final class SignCommand implements Callable<Integer> {

    private static final Pattern DATE = Pattern.compile("\\d{8}");

    @Parameters(index = "0", paramLabel = "IMAGE_DIR|s3://BUCKET/PREFIX/...", description = "the image directory")
    String image;

    @Mixin SigningOptions signing;

    @Mixin StoreOptions storeOptions;

    @Mixin CommonOptions debug;

    @Override
    public Integer call() throws Exception {
        if (!signing.any()) {
            throw new IllegalArgumentException("--sign-key: at least one key is needed");
        }
        if (image.startsWith("http://") || image.startsWith("https://")) {
            throw new IllegalArgumentException(image + ": signing an image on an osimg server is not supported (its "
                    + "upload sessions never write into a published image); sign the server's store directory or bucket");
        }
        String trimmed = image.endsWith("/") ? image.substring(0, image.length() - 1) : image;
        if (!StoreOptions.isS3(trimmed) && !Files.isDirectory(Path.of(trimmed))) {
            throw new IllegalArgumentException(image + ": no such image directory");
        }
        String[] parts = split(trimmed);
        try (BlobStore store = storeOptions.openExisting(parts[0])) {
            List<String> added = ImageSignatures.add(store, parts[1], trimmed, signing.read(), Instant.now());
            System.out.println("signed " + trimmed + ": " + String.join(", ", added));
        }
        return Main.OK;
    }

    /**
     * The store and the image directory's key in it: the directory is {@code <release>/<os>/<version>},
     * {@code stable/<os>/<version>} or {@code pull_requests/<n-branch>/<os>/<version>}.
     */
    static String[] split(String image) {
        String scheme = StoreOptions.isS3(image) ? image.substring(0, image.indexOf("://") + 3) : "";
        String rest = image.substring(scheme.length());
        String[] s = rest.split("/");
        int n = s.length;
        int depth;
        if (n >= 5 && s[n - 4].equals(Channel.PULL_REQUESTS_DIR)) {
            depth = 4;
        } else if (n >= 3 && (s[n - 3].equals(Channel.STABLE_DIR) || DATE.matcher(s[n - 3]).matches())) {
            depth = 3;
        } else {
            throw new IllegalArgumentException(image + ": not an image directory of a store (.../<YYYYMMDD|stable|"
                    + "pull_requests/N-BRANCH>/<os>/<version>)");
        }
        String root = String.join("/", Arrays.copyOfRange(s, 0, n - depth));
        return new String[] {scheme + (root.isEmpty() ? "." : root), String.join("/", Arrays.copyOfRange(s, n - depth, n))};
    }
}
