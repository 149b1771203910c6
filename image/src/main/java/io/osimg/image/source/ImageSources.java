package io.osimg.image.source;

import io.osimg.image.source.buildah.DockerfileImage;
import io.osimg.image.source.oci.DockerArchive;
import io.osimg.image.source.oci.OciArchive;
import io.osimg.image.source.oci.OciLayout;
import io.osimg.image.source.registry.ImageReference;
import io.osimg.image.source.registry.RegistryCredentials;
import io.osimg.image.source.registry.RegistryImage;
import io.osimg.transfer.TransferOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Recognises a build's source from its form:
 * <ul>
 *   <li>{@code -}: a tar on standard input;
 *   <li>{@code oci:DIR[:TAG]}, {@code oci-archive:FILE[:TAG]}: an OCI image layout, or one in a tar file;
 *   <li>{@code docker-archive:FILE}: what {@code docker save} writes;
 *   <li>{@code docker://REGISTRY/REPOSITORY[:TAG|@DIGEST]}: an image in a registry;
 *   <li>a file named {@code Dockerfile} or {@code Containerfile} (or {@code *.Dockerfile}, {@code *.Containerfile}),
 *       its directory the context; or a context directory with {@code --file}: built with buildah;
 *   <li>anything else: a path, a root filesystem directory or a tar file.
 * </ul>
 */
public final class ImageSources {

    /** The architecture picked from a multi-architecture index when none is given. */
    public static final String DEFAULT_ARCH = "amd64";

    /** The program that builds Dockerfiles. */
    private static final String BUILDAH = "buildah";

    private ImageSources() { }

    /**
     * What the forms need besides the SOURCE argument.
     *
     * @param arch     the architecture for container images, null for {@link #DEFAULT_ARCH}
     * @param stdin    standard input, for {@code -}
     * @param registry how to talk to registries, for {@code docker://}
     * @param build    how to build a Dockerfile
     */
    public record Options(String arch, InputStream stdin, RegistryImage.Options registry, DockerfileOptions build) {
        public static Options of(String arch, InputStream stdin) {
            return new Options(arch, stdin, new RegistryImage.Options(TransferOptions.defaults(), RegistryCredentials.none()),
                    DockerfileOptions.NONE);
        }
    }

    /**
     * {@code --file}, {@code --build-arg}, {@code --target} of a Dockerfile build.
     *
     * @param file      the Dockerfile of a context directory, or null
     * @param buildArgs build arguments
     * @param target    the stage to build, or null
     */
    public record DockerfileOptions(Path file, Map<String, String> buildArgs, String target) {
        public static final DockerfileOptions NONE = new DockerfileOptions(null, Map.of(), null);

        public DockerfileOptions {
            buildArgs = buildArgs == null ? Map.of() : Map.copyOf(buildArgs);
        }

        boolean given() {
            return file != null || !buildArgs.isEmpty() || target != null;
        }
    }

    /** {@link #parse(String, Options)} without registries. */
    public static ImageSource parse(String spec, String arch, InputStream stdin) {
        return parse(spec, Options.of(arch, stdin));
    }

    /**
     * @param spec the SOURCE argument
     * @throws IllegalArgumentException for a form that names nothing ({@code oci:} without a directory)
     */
    public static ImageSource parse(String spec, Options options) {
        String arch = options.arch();
        InputStream stdin = options.stdin();
        if (spec == null || spec.isEmpty()) {
            throw new IllegalArgumentException("SOURCE is empty");
        }
        String architecture = arch == null ? DEFAULT_ARCH : arch;
        if (spec.equals("-")) {
            return new ImageSource.StandardInput(stdin);
        }
        if (spec.startsWith("oci:")) {
            String[] pathAndTag = pathAndTag(spec, "oci:", true);
            return new ImageSource.Container(new OciLayout(Path.of(pathAndTag[0]), pathAndTag[1], spec), architecture);
        }
        if (spec.startsWith("oci-archive:")) {
            String[] pathAndTag = pathAndTag(spec, "oci-archive:", false);
            return new ImageSource.Container(new OciArchive(Path.of(pathAndTag[0]), pathAndTag[1], spec), architecture);
        }
        if (spec.startsWith("docker-archive:")) {
            String file = spec.substring("docker-archive:".length());
            if (file.isEmpty()) {
                throw new IllegalArgumentException("SOURCE '" + spec + "': docker-archive: needs a file, docker-archive:FILE");
            }
            return new ImageSource.Container(new DockerArchive(Path.of(file), spec), architecture);
        }
        Path path = Path.of(spec);
        DockerfileOptions build = options.build();
        if (build.file() != null && Files.isDirectory(path)) {
            return new ImageSource.Container(new DockerfileImage(build.file(), path, build.buildArgs(), build.target(),
                    BUILDAH), architecture);
        }
        if (isDockerfile(path)) {
            if (build.file() != null) {
                throw new IllegalArgumentException("SOURCE '" + spec + "' is a Dockerfile already; --file goes with a "
                        + "context directory as SOURCE");
            }
            Path context = path.toAbsolutePath().getParent();
            return new ImageSource.Container(new DockerfileImage(path, context, build.buildArgs(), build.target(),
                    BUILDAH), architecture);
        }
        if (build.given()) {
            throw new IllegalArgumentException("--file, --build-arg and --target go with a Dockerfile source (a file named "
                    + "Dockerfile or Containerfile, or a context directory with --file), not with '" + spec + "'");
        }
        if (spec.startsWith(ImageReference.PREFIX)) {
            return new ImageSource.Container(new RegistryImage(ImageReference.parse(spec), spec, options.registry()),
                    architecture);
        }
        return new ImageSource.RootFilesystem(path);
    }

    /** A file named like a Dockerfile: {@code Dockerfile}, {@code Containerfile}, {@code NAME.Dockerfile}, ... */
    static boolean isDockerfile(Path path) {
        Path name = path.getFileName();
        if (name == null || !Files.isRegularFile(path)) {
            return false;
        }
        String n = name.toString();
        return n.equals("Dockerfile") || n.equals("Containerfile") || n.endsWith(".Dockerfile")
                || n.endsWith(".Containerfile");
    }

    /**
     * {@code PREFIX PATH[:TAG]}: the path, and the tag or null. A path that exists as it is given (holding a colon)
     * is taken whole.
     */
    private static String[] pathAndTag(String spec, String prefix, boolean directory) {
        String rest = spec.substring(prefix.length());
        String form = prefix + (directory ? "DIR[:TAG]" : "FILE[:TAG]");
        if (rest.isEmpty() || rest.startsWith(":")) {
            throw new IllegalArgumentException("SOURCE '" + spec + "': " + prefix + " needs a "
                    + (directory ? "directory" : "file") + ", " + form);
        }
        int colon = rest.lastIndexOf(':');
        if (colon < 0 || Files.exists(Path.of(rest))) {
            return new String[] {rest, null};
        }
        String tag = rest.substring(colon + 1);
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("SOURCE '" + spec + "': the tag after ':' is empty, " + form);
        }
        return new String[] {rest.substring(0, colon), tag};
    }
}
