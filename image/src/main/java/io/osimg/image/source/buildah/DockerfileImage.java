package io.osimg.image.source.buildah;

import io.osimg.image.source.oci.ContainerImage;
import io.osimg.image.source.oci.LayeredImage;
import io.osimg.image.source.oci.OciLayout;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Dockerfile (or Containerfile) and its context directory, built with buildah: {@code buildah bud} with chroot
 * isolation and vfs storage in a temporary root of its own (inside the build's work directory, removed with it),
 * then {@code buildah push} into an OCI layout there, which is flattened like any other.
 *
 * <p>A build that fails shows buildah's own last lines of output in the error.
 */
public final class DockerfileImage implements ContainerImage {

    /** Lines of buildah's output an error shows. */
    private static final int TAIL = 25;

    private final Path dockerfile;
    private final Path context;
    private final Map<String, String> buildArgs;
    private final String target;
    private final String buildah;

    /**
     * @param buildArgs {@code --build-arg} values
     * @param target    the stage to build ({@code --target}), or null for the last
     * @param buildah   the buildah program (a name on PATH or a path)
     */
    public DockerfileImage(Path dockerfile, Path context, Map<String, String> buildArgs, String target, String buildah) {
        this.dockerfile = dockerfile;
        this.context = context;
        this.buildArgs = new LinkedHashMap<>(buildArgs);
        this.target = target;
        this.buildah = buildah;
    }

    @Override
    public String reference() {
        return "dockerfile:" + dockerfile + (target == null ? "" : "#" + target);
    }

    @Override
    public LayeredImage open(Path work, String arch, Consumer<String> log) throws IOException {
        if (!Files.isRegularFile(dockerfile)) {
            throw new NoSuchFileException(dockerfile.toString(), null, "no such Dockerfile");
        }
        if (!Files.isDirectory(context)) {
            throw new NoSuchFileException(context.toString(), null, "the build context is not a directory");
        }
        List<String> storage = List.of(buildah, "--root", work.resolve("buildah-root").toString(),
                "--runroot", work.resolve("buildah-run").toString(), "--storage-driver", "vfs");
        Path iid = work.resolve("image-id");
        List<String> bud = new ArrayList<>(storage);
        bud.addAll(List.of("bud", "--isolation", "chroot", "--file", dockerfile.toString(), "--iidfile", iid.toString()));
        buildArgs.forEach((k, v) -> bud.addAll(List.of("--build-arg", k + "=" + v)));
        if (target != null) {
            bud.addAll(List.of("--target", target));
        }
        bud.add(context.toString());
        run(bud, work.resolve("buildah-bud.log"), "buildah bud");

        String id = Files.readString(iid, StandardCharsets.UTF_8).trim();
        Path layout = work.resolve("buildah-layout");
        List<String> push = new ArrayList<>(storage);
        push.addAll(List.of("push", id, "oci:" + layout + ":built"));
        run(push, work.resolve("buildah-push.log"), "buildah push");
        return new OciLayout(layout, "built", reference()).open(work, arch, log);
    }

    private void run(List<String> command, Path output, String what) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new IOException("building " + dockerfile + ": cannot run " + buildah + " (" + e.getMessage()
                    + "); a Dockerfile is built with buildah: install it", e);
        }
        int exit;
        try {
            p.getOutputStream().close();
            exit = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + " of " + dockerfile + ": interrupted");
        }
        if (exit != 0) {
            List<String> lines = List.of(new String(Files.readAllBytes(output), StandardCharsets.UTF_8).split("\n"));
            List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL), lines.size());
            throw new IOException("building " + dockerfile + ": " + what + " failed (exit " + exit + "); buildah said:\n  "
                    + String.join("\n  ", tail));
        }
    }
}
