package io.osimg.image.source;

import io.osimg.image.source.oci.ContainerImage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code osimg build} builds from, as {@link ImageSources#parse} recognised it from its form.
 */
public sealed interface ImageSource {

    /** How {@code manifest.json} records the source; {@code reproducible} builds leave out local paths. */
    String describe(boolean reproducible);

    /** A root filesystem as a directory, or as a tar file (plain or compressed). */
    record RootFilesystem(Path path) implements ImageSource {
        public RootFilesystem {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe(boolean reproducible) {
            return reproducible ? path.getFileName().toString() : path.toAbsolutePath().toString();
        }
    }

    /** {@code -}: a root filesystem as a tar on standard input ({@code docker export ... | osimg build - ...}). */
    record StandardInput(InputStream in) implements ImageSource {
        public StandardInput {
            Objects.requireNonNull(in, "in");
        }

        @Override
        public String describe(boolean reproducible) {
            return "-";
        }
    }

    /** A container image, flattened into the root filesystem; {@code arch} picks from a multi-arch index. */
    record Container(ContainerImage image, String arch) implements ImageSource {
        public Container {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(arch, "arch");
        }

        @Override
        public String describe(boolean reproducible) {
            return image.reference();
        }
    }
}
