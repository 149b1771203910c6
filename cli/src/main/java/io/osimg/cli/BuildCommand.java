package io.osimg.cli;

import io.osimg.archive.lz4.Lz4Options;
import io.osimg.image.BuildListener;
import io.osimg.image.BuildRequest;
import io.osimg.image.BuildResult;
import io.osimg.image.ImageBuilder;
import io.osimg.image.source.ImageSource;
import io.osimg.image.source.ImageSources;
import io.osimg.image.source.registry.RegistryCredentials;
import io.osimg.image.source.registry.RegistryImage;
import io.osimg.transfer.TransferOptions;
import io.osimg.core.store.Channel;
import io.osimg.store.publish.ImagePublisher;
import io.osimg.store.publish.ImagePublishers;
import io.osimg.transfer.TerminalProgress;
import io.osimg.trust.SigningKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", sortOptions = false,
        description = {
            "Build an image from a root filesystem or a container image and publish it into a store.",
            "",
            "SOURCE, recognised by its form:",
            "  DIR                    a root filesystem directory",
            "  FILE                   a root filesystem tar (plain, gzip, xz, zstd, lz4)",
            "  -                      a tar on stdin (docker export C | osimg build - ...)",
            "  oci:DIR[:TAG]          an OCI image layout (without TAG: its only image)",
            "  oci-archive:FILE[:TAG] an OCI image layout in a tar file",
            "  docker-archive:FILE    what docker save writes (one image)",
            "  docker://REGISTRY/REPO[:TAG|@DIGEST]",
            "                         an image in a registry (HTTP API v2 over https; --plain-http for http)",
            "  Dockerfile             a Dockerfile or Containerfile (its directory: context)",
            "  DIR --file DOCKERFILE  or a context directory and its Dockerfile",
            "A Dockerfile is built with buildah (bud, chroot isolation, vfs storage in a temporary root removed "
                    + "afterwards; --build-arg, --target). A registry is asked anonymously first, then as its "
                    + "challenge says: a Bearer token from its realm, or Basic auth, with the login of --authfile, "
                    + "$REGISTRY_AUTH_FILE, containers' auth.json or ~/.docker/config.json (a Bearer token refused later in the pull, "
                    + "as when it expires, is fetched anew); --ca-cert for a private CA; --plain-http for a registry without TLS "
                    + "(never assumed, not even for 127.0.0.1 or localhost); "
                    + "a multi-arch index is resolved for --arch; every blob is checked against its digest as it streams "
                    + "(on a terminal each layer's download shows its progress and a line when done). "
                    + "A container image's layers are applied in order (whiteouts, opaque directories, hard links "
                    + "across layers) straight into the image's tar stream, without unpacking the root filesystem "
                    + "anywhere; its digests and configuration (Env, Labels, annotations) go into manifest.json (origin).",
            "",
            "The image is written as the contract says: <store>/<release|stable|pull_requests/N-branch>/<os>/<version>/ "
                    + "with img.tar.lz4 (LZ4 frame, HC level 9, parallel), img.tar.lz4.md5, img.tar.lz4.sha512, "
                    + "packages.txt (dpkg -l, or rpm -qa for an rpm-packaged image, read with this machine's rpm), "
                    + "manifest.json and sbom.cdx.json (CycloneDX 1.6 SBOM of the image's packages). Nothing is visible in the store until the "
                    + "last rename; a failed build leaves nothing behind.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  osimg build rootfs/ --os debian --version 12 --release 20261126 --store ./images",
            "      publishes image debian-12.0.20261126 at ./images/20261126/debian/12/",
            "  osimg build firewall.tar.zst --os firewall --version 3.0-ubuntu --store ./images",
            "      publishes the rolling build at ./images/stable/firewall/3.0-ubuntu/",
            "  osimg build rootfs/ --os debian --version 12 --release 20261126 --store http://example.org:8080 --upload-token-file token",
            "      uploads it to an osimg server, visible there when complete",
            "  osimg build rootfs/ --os debian --version 12 --release 20261126 --store s3://images/metal-os --s3-endpoint http://127.0.0.1:9000",
            "      uploads it to s3://images/metal-os/20261126/debian/12/ (credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)",
            "  osimg build oci:build/layout:12 --os debian --version 12 --store ./images",
            "      flattens the image tagged 12 of the OCI layout build/layout",
            "  docker export $(docker create debian:12) | osimg build - --os debian --version 12 --store ./images",
            "  SOURCE_DATE_EPOCH=1764115200 osimg build rootfs/ --os debian --version 12 --reproducible --store ./images",
            "  osimg build rootfs/ --os debian --version 12 --release 20261126 --store ./images --sign-key release.asc --sign-passphrase-file pass",
            "      also writes img.tar.lz4.sha512.asc and manifest.json.asc (gpg --verify checks them)"})
final class BuildCommand implements Callable<Integer> {

    /** The task the progress line names. */
    private static final String TASK = "build";

    /** The progress lines on standard error (drawn only on a terminal): the build's, and each registry layer's. */
    private final TerminalProgress progress = TerminalProgress.onStderr();

    @Parameters(index = "0", paramLabel = "SOURCE", description = "DIR, FILE, -, oci:DIR[:TAG], oci-archive:FILE[:TAG] or docker-archive:FILE (see above)")
    String source;

    @Option(names = "--arch", paramLabel = "ARCH", description = "the architecture chosen from a multi-architecture container image (default: amd64)")
    String arch;

    @Option(names = "--authfile", paramLabel = "FILE",
            description = "registry credentials (auth.json of podman/skopeo login or docker's config.json) for docker:// sources")
    Path authfile;

    @Option(names = "--plain-http", description = "talk to the registry of a docker:// source over plain http instead of https "
            + "(a registry without TLS, e.g. a local one for tests; never assumed)")
    boolean plainHttp;

    @Mixin TransferLimits limits;

    @Option(names = "--file", paramLabel = "DOCKERFILE", description = "with a context directory as SOURCE: the Dockerfile to build it with")
    Path dockerfile;

    @Option(names = "--build-arg", paramLabel = "NAME=VALUE", description = "a build argument of a Dockerfile build (repeatable)")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "the stage of a multi-stage Dockerfile to build")
    String target;

    @Option(names = "--os", required = true, paramLabel = "OS", description = "OS name, e.g. debian, ubuntu, firewall")
    String os;

    @Option(names = "--version", required = true, paramLabel = "MAJOR.MINOR",
            description = "version directory: 12, 24.04, or 3.0-ubuntu for a derived image (the suffix joins the OS in the ID)")
    String version;

    @ArgGroup(exclusive = true)
    ChannelChoice channel = new ChannelChoice();

    static final class ChannelChoice {
        @Option(names = "--release", paramLabel = "YYYYMMDD", description = "an immutable release; the date is the patch version")
        String release;

        @Option(names = "--channel", paramLabel = "stable", description = "the rolling build of the main branch (default)")
        String channel;

        @Option(names = "--pull-request", paramLabel = "N-BRANCH", description = "a pull-request build, e.g. 42-fix-dns")
        String pullRequest;
    }

    @Option(names = "--store", required = true, paramLabel = "DIR|URL|s3://BUCKET/PREFIX",
            description = "the store directory to publish into, the http(s) URL of an osimg server (the image is then "
                    + "built in a temporary directory and uploaded in one upload session that the server publishes at once), "
                    + "or a bucket prefix in S3 or an S3-compatible service (built in a temporary directory, uploaded with "
                    + "img.tar.lz4.md5 last, so the image counts only when complete)")
    String store;

    @Mixin StoreOptions storeOptions;

    @Option(names = "--upload-token-file", paramLabel = "FILE", description = "the bearer token for --store http://<host>:<port>")
    Path uploadTokenFile;

    @Option(names = "--reproducible",
            description = "byte-identical output for identical input: sorted entries, mtimes clamped to SOURCE_DATE_EPOCH "
                    + "(or --source-date-epoch; default: the release date)")
    boolean reproducible;

    @Option(names = "--source-date-epoch", paramLabel = "SECONDS", description = "the time reproducible builds record (seconds since 1970)")
    Long sourceDateEpoch;

    @Option(names = "--level", paramLabel = "N", defaultValue = "9", description = "LZ4 level: 1-2 fast, 3-12 HC (default: ${DEFAULT-VALUE}, as lz4 -9)")
    int level;

    @Option(names = "--threads", paramLabel = "N", description = "compression threads (default: all cores)")
    Integer threads;

    @Option(names = "--feature", paramLabel = "FEATURE", split = ",", description = "image features for the manifest: machine, firewall (default: firewall for --os firewall, else machine)")
    List<String> features;

    @Option(names = "--classification", paramLabel = "C", defaultValue = "preview", description = "preview, supported or deprecated (default: ${DEFAULT-VALUE})")
    String classification;

    @Mixin SigningOptions signing;

    @Mixin TrustOptions trust;

    @Mixin OutputOptions output;

    @Mixin CommonOptions debug;


    @Override
    public Integer call() throws Exception {
        // first: the keys are read and unlocked (Bouncy Castle, the passphrase's S2K) while the image is built
        SigningKeys keys = signing.start();
        Channel ch;
        String release = channel.release;
        if (release != null) {
            ch = Channel.RELEASE;
        } else if (channel.pullRequest != null) {
            ch = Channel.PULL_REQUEST;
        } else if (channel.channel == null || channel.channel.equals("stable")) {
            ch = Channel.STABLE;
        } else {
            throw new IllegalArgumentException("--channel '" + channel.channel + "': the only channel is 'stable'; use --release or --pull-request for the others");
        }
        Instant epoch = null;
        if (reproducible || sourceDateEpoch != null) {
            epoch = reproducibleTime(release);
        }
        Lz4Options lz4 = Lz4Options.defaults().withLevel(level);
        if (threads != null) {
            lz4 = lz4.withThreads(threads);
        }
        if (!StoreOptions.isS3(store)) {
            storeOptions.requireNoS3Options(store);
        }
        RegistryImage.Options registry = new RegistryImage.Options(
                trust.applyTo(limits.applyTo(TransferOptions.defaults())),
                RegistryCredentials.from(authfile, System.getenv(), Path.of(System.getProperty("user.home"))), plainHttp,
                layerProgress(progress));
        ImageSource from = ImageSources.parse(source, new ImageSources.Options(arch, System.in, registry,
                new ImageSources.DockerfileOptions(dockerfile, buildArgs, target)));
        BuildRequest request = new BuildRequest(from, os, version, ch, release, channel.pullRequest, epoch, lz4,
                features(os, features), classification, keys);
        ImagePublishers.Options publishing = new ImagePublishers.Options(uploadTokenFile, trust.sslContext(), storeOptions::openS3);
        try (ImagePublisher publisher = ImagePublishers.forStore(store, publishing)) {
            return build(request, publisher);
        }
    }

    /** The features given, else {@code firewall} for a firewall image (OS {@code firewall...}), else the default. */
    static Set<String> features(String os, List<String> given) {
        if (given != null) {
            return new LinkedHashSet<>(given);
        }
        return os.equals("firewall") || os.startsWith("firewall-") ? Set.of("firewall") : null;
    }

    /**
     * A registry layer's download on the terminal: a progress line while it runs, then one line
     * {@code pull layer 2 of 3 (sha256:0123456789ab): done in 3.1 s, 178.0 MiB at 57.4 MiB/s}.
     */
    static RegistryImage.LayerProgress layerProgress(TerminalProgress progress) {
        if (!progress.terminal()) {
            return RegistryImage.LayerProgress.NONE;
        }
        return (layer, what) -> {
            int end = what.indexOf(") of ");
            String task = "pull " + (end > 0 ? what.substring(0, end + 1) : what);
            long started = System.nanoTime();
            progress.started(task);
            return p -> {
                progress.progress(task, p.bytesDone(), p.totalBytes(), p.bytesPerSecond(), p.eta());
                if (p.finished()) {
                    progress.finished(task, Duration.ofNanos(System.nanoTime() - started), null);
                }
            };
        };
    }

    private int build(BuildRequest request, ImagePublisher publisher) throws Exception {
        progress.started(TASK);
        long started = System.nanoTime();
        BuildResult result;
        try {
            result = new ImageBuilder(Clock.systemUTC(), Main.version()).build(request, publisher, new BuildListener() {
                @Override
                public void progress(long tarBytes, long sourceBytes, long sourceTotal) {
                    if (request.signingKeys().failed()) {
                        throw new CancellationException("a signing key could not be read");
                    }
                    progress.progress(TASK, sourceBytes >= 0 ? sourceBytes : tarBytes, sourceTotal);
                }

                @Override
                public void warning(String message) {
                    progress.line("osimg build: warning: " + message);
                }
            });
        } catch (Exception e) {
            if (request.signingKeys().failed()) {
                request.signingKeys().get(); // throws why: a bad key or passphrase stopped the build
            }
            throw e;
        } finally {
            progress.ended(TASK);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        output.print(new BuildSummary(result, seconds));
        return Main.OK;
    }

    private Instant reproducibleTime(String release) {
        if (sourceDateEpoch != null) {
            return Instant.ofEpochSecond(sourceDateEpoch);
        }
        String env = System.getenv("SOURCE_DATE_EPOCH");
        if (env != null && !env.isBlank()) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(env.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SOURCE_DATE_EPOCH '" + env + "': not a number of seconds since 1970");
            }
        }
        if (release != null) {
            try {
                return LocalDate.parse(release, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--release '" + release + "': not a date YYYYMMDD");
            }
        }
        throw new IllegalArgumentException("--reproducible needs a fixed time: set SOURCE_DATE_EPOCH, --source-date-epoch or --release");
    }
}
