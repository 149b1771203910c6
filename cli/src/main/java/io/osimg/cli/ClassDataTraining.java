package io.osimg.cli;

import io.osimg.archive.staging.Staging;
import io.osimg.store.catalog.BlobStoreView;
import io.osimg.store.catalog.StoreCatalog;
import io.osimg.store.fs.FsBlobStore;
import io.osimg.store.http.AccessLog;
import io.osimg.store.http.ImageServer;
import io.osimg.trust.TrainingKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A training run for the launcher's class data archive (CDS): runs osimg's everyday paths once on a tiny image,
 * in one JVM, so that {@code -XX:ArchiveClassesAtExit} records the classes they load. Later runs map those
 * classes from the archive instead of loading, parsing and verifying them from the jars: about 0.4 s less start
 * time per command on this project's machine.
 *
 * <p>Paths covered, on the project's example root filesystem: build (directory source), verify, lint, list, resolve, decompress, install from a store
 * directory, serve, install over HTTP from the server, and a dry-run prune through the S3 client on the server. With
 * throwaway keys of each kind ({@link TrainingKeys}: OpenPGP RSA and ed25519 with a passphrase, ECDSA P-256): a signed
 * build, verify and install with {@code --trust} (directory and HTTP), and {@code sign}, so that Bouncy Castle's classes
 * are in the archive and the first signed build or trusted install does not load them from the jars. Output is
 * discarded; failures are ignored (a training run that fails part-way still archives what it loaded). Not a user command.
 */
final class ClassDataTraining {
    private static final String RELEASE = "20260101";
    /** The OS name of the training image signed with throwaway keys of each kind (see {@link TrainingKeys}). */
    private static final String SIGNED = "trainsigned";

    private static final List<String> FAILED = new ArrayList<>();

    private ClassDataTraining() {
    }

    /** @param args the root filesystem to build the training image from (the launcher passes examples/minimal-rootfs) */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ClassDataTraining ROOTFS");
        }
        Path root = Path.of(args[0]);
        Path work = Files.createTempDirectory("osimg-cds-");
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(quiet);
        if (System.getenv("OSIMG_TRAINING_VERBOSE") == null) {
            System.setErr(quiet); // OSIMG_TRAINING_VERBOSE=1 shows the commands' errors
        }
        int failures = 0;
        try {
            Path store = work.resolve("store");
            String image = store.resolve(RELEASE).resolve("train").resolve("1.0").toString();
            failures += run("build", root.toString(), "--os", "train", "--version", "1.0", "--release", RELEASE,
                    "--store", store.toString());
            failures += run("verify", image);
            try {
                Main.run("lint", image, "-o", "json"); // fails: the training image is no OS (no kernel, no initrd)
            } catch (RuntimeException e) {
                // as expected, not counted
            }
            failures += run("list", "--catalog", store.toString());
            failures += run("resolve", "--catalog", store.toString(), "train-1.0");
            failures += run("decompress", "-O", work.resolve("img.tar").toString(), image + "/img.tar.lz4");
            failures += run("install", "--image", image, "--root", Files.createDirectory(work.resolve("t1")).toString());
            TrainingKeys keys = TrainingKeys.write(Files.createDirectory(work.resolve("keys")));
            String signed = store.resolve(RELEASE).resolve(SIGNED).resolve("1.0").toString();
            failures += run("build", root.toString(), "--os", SIGNED, "--version", "1.0", "--release", RELEASE,
                    "--store", store.toString(), "--sign-key", keys.openPgpRsa().toString(), "--sign-key",
                    keys.openPgpEd25519().toString(), "--sign-key", keys.ecdsa().toString(), "--sign-passphrase-file",
                    keys.passphrase().toString());
            failures += run("verify", signed, "--trust", keys.trust().toString());
            failures += run("install", "--image", signed, "--trust", keys.trust().toString(),
                    "--root", Files.createDirectory(work.resolve("t3")).toString());
            failures += overHttp(store, work, keys);
            failures += run("sign", image, "--sign-key", keys.ecdsa().toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
            try {
                Staging.deleteTree(work);
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
        out.println("osimg: class data training done (" + failures + " of the training commands failed"
                + (FAILED.isEmpty() ? "" : ": " + String.join(", ", FAILED)) + ")");
    }

    private static int run(String... args) {
        try {
            if (Main.run(args) == Main.OK) {
                return 0;
            }
        } catch (RuntimeException e) {
            // counted below
        }
        FAILED.add(args[0] + " " + args[1]);
        return 1;
    }

    private static int overHttp(Path store, Path work, TrainingKeys keys) throws IOException {
        FsBlobStore blobs = new FsBlobStore(store);
        try (StoreCatalog catalog = StoreCatalog.open(new BlobStoreView(blobs), Duration.ZERO, s -> { });
             ImageServer server = ImageServer.builder().store(blobs).listen(new InetSocketAddress("127.0.0.1", 0))
                     .catalog(catalog).accessLog(AccessLog.none()).start()) {
            String base = "http://127.0.0.1:" + server.address().getPort();
            return run("install", "--image", "train-1.0", "--catalog", base,
                    "--root", Files.createDirectory(work.resolve("t2")).toString())
                    + run("install", "--image", SIGNED + "-1.0", "--catalog", base, "--trust", keys.trust().toString(),
                            "--root", Files.createDirectory(work.resolve("t4")).toString())
                    + run("list", "--catalog", base, "-o", "json")
                    + overS3(base);
        }
    }

    /**
     * The S3 store's client (the AWS SDK: building it, signing, listing, HEAD and GET) on the server's path-style S3
     * interface, which ignores signatures: a dry-run prune of {@code s3://osimg}. The SDK's credential chain takes
     * the training credentials from system properties, set only meanwhile.
     */
    private static int overS3(String base) {
        String[] properties = {"aws.accessKeyId", "aws.secretAccessKey"};
        try {
            for (String p : properties) {
                System.setProperty(p, "osimg-training");
            }
            return run("prune", "--store", "s3://osimg", "--s3-endpoint", base, "--dry-run");
        } finally {
            for (String p : properties) {
                System.clearProperty(p);
            }
        }
    }
}
